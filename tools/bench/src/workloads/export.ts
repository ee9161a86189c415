// Collection followed by what a deployment does with the data: OTLP protobuf
// serialization, an OTLP/HTTP export to a loopback receiver, a Prometheus scrape.
// Each case is one full stack (meterkit SDK + meterkit exporter/reader vs official SDK +
// official exporter), fed the same series; timing covers collect + encode (+ transfer and
// the receiver's answer), not the untimed re-recording between runs.
import http from 'node:http';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { PROTOBUF_METRICS_SERIALIZER } from '@meterkit/otlp-exporter-base';
import { encodeLowerBound } from '../lower-bound/otlp-encoder';
import { OTLPMetricExporter as OtelOtlpJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtelOtlpProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider as OtelMeterProvider } from '@opentelemetry/sdk-metrics';
import { MeterProvider as MkMeterProvider, type ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { OTLPMetricExporter as MkOtlpHttpExporter } from '@meterkit/exporter-otlp-http';
import { PrometheusReader } from '@meterkit/reader-prometheus';
import { startOtlpSink } from '@meterkit/otlp-sink';
import { caseSelected, implSelected, selected, type BenchOptions } from '../options';
import { measureIsolated } from '../isolated';
import type { ImplId, Row } from '../results';
import { forceGc } from '../gc';
import { createProm } from '../sdks/prom';
import type { SdkSetup } from '../sdks/sdk-setup';
import { routes } from './attributes';
import { eventLoopBlockRows } from './event-loop-block';
import { requireRows } from './cold-require';
import { timeCollections, type TimedCollection } from './collection';
import { attributesOf, createSdk, pointCount, populate, type OtelImpl, type Population, type SeriesKind } from './series-population';
import { lowerBoundCase, runPrometheusScrape, scrapeBytes, serve } from './prometheus-scrape';

interface ExportCase extends TimedCollection {
  id: ImplId;
  close?: () => Promise<void>;
}

function pushRow(rows: Row[], id: string, title: string, cases: ExportCase[], results: Awaited<ReturnType<typeof timeCollections>>, note?: string): void {
  const row: Row = { id, section: 'export', title, unit: 'ms', results: {}, note };
  cases.forEach((c, i) => (row.results[c.id] = results[i]));
  rows.push(row);
}

async function closeAll(cases: ExportCase[]): Promise<void> {
  for (const c of cases) {
    await c.close?.();
    await c.population.sdk.shutdown();
  }
  cases.length = 0; // nothing of this row stays reachable from here (isolated children run next)
  forceGc();
}

/** The isolated-process figures of the row just pushed, as the next row (src/isolated.ts). */
async function pushIsolated(options: BenchOptions, rows: Row[]): Promise<void> {
  const isolated = await measureIsolated(options, rows[rows.length - 1]);
  if (isolated !== undefined) rows.push(isolated);
}

/**
 * collect() + OTLP protobuf encoding, bytes of the request: meterkit with its own encoder (as
 * its exporters run it, in slices), the lower bound (meterkit's collect + the simplest hand
 * encoder of the same message, src/lower-bound), the official SDK + its transformer.
 */
async function serializationRows(options: BenchOptions, rows: Row[]): Promise<void> {
  const counts = options.seriesCounts.filter((n) => n >= 10_000);
  for (const kind of ['counter', 'histogram'] as SeriesKind[]) {
    for (const count of counts) {
      const id = `serialize.protobuf.${kind}.${count}`;
      const title = `collect + OTLP protobuf serialization, ${count.toLocaleString('en-US')} ${kind} series, cumulative`;
      if (!selected(options, id, title)) continue;
      options.log(`export: ${id}`);
      const names = routes(count);
      const cases: ExportCase[] = [];
      const add = (id: ImplId, impl: OtelImpl, encode: (metrics: ResourceMetrics) => Promise<Uint8Array | undefined> | Uint8Array | undefined) =>
        cases.push({
          id,
          impl,
          population: populate(createSdk(impl, 'cumulative', count), kind, names),
          measure: async (p) => {
            const result = await p.sdk.collect();
            const bytes = (await encode(result.resourceMetrics))?.byteLength ?? NaN;
            return { bytes, points: pointCount(result) };
          },
        });
      if (caseSelected(options, 'meterkit')) add('meterkit', 'meterkit', (m) => PROTOBUF_METRICS_SERIALIZER.encodeRequest!(m));
      if (caseSelected(options, 'lower-bound', 'meterkit')) add('lower-bound', 'meterkit', encodeLowerBound);
      if (caseSelected(options, 'otel')) add('otel', 'otel', (m) => ProtobufMetricsSerializer.serializeRequest(m as never));
      pushRow(
        rows,
        id,
        title,
        cases,
        await timeCollections(cases, count, options.collectSamples),
        'meterkit: its own encoder (@meterkit/otlp-exporter-base, sliced as in its exporters); lower bound: meterkit collect + the simplest hand encoder of the same message (tools/bench/src/lower-bound); official: @opentelemetry/otlp-transformer 0.223 ProtobufMetricsSerializer',
      );
      await closeAll(cases);
      await pushIsolated(options, rows);
    }
  }
}

type ExportFn = (metrics: ResourceMetrics, done: (result: { code: number; error?: Error }) => void) => void;

function exportOnce(exporter: { export: ExportFn }, metrics: ResourceMetrics): Promise<void> {
  return new Promise((resolve, reject) =>
    exporter.export(metrics, (result) => (result.code === 0 ? resolve() : reject(result.error ?? new Error(`export failed: code ${result.code}`)))),
  );
}

/** 10k series per collection through OTLP/HTTP to @meterkit/otlp-sink on loopback. */
async function otlpHttpRows(options: BenchOptions, rows: Row[]): Promise<void> {
  const count = 10_000;
  for (const kind of ['counter', 'histogram'] as SeriesKind[]) {
    const id = `export.otlp-http.${kind}.${count}`;
    const title = `collect + OTLP/HTTP export to a loopback receiver, ${count.toLocaleString('en-US')} ${kind} series`;
    if (!selected(options, id, title)) continue;
    options.log(`export: ${id}`);
    const sink = await startOtlpSink({ grpcPort: null });
    const url = `${sink.httpUrl}/v1/metrics`;
    let lastBytes = 0;
    sink.onRequest((request) => {
      lastBytes = request.bytes;
    });
    const names = routes(count);
    const stack = (caseId: ImplId, impl: OtelImpl, exporter: { export: ExportFn; shutdown(): Promise<void> }): ExportCase => ({
      id: caseId,
      impl,
      population: populate(createSdk(impl, 'cumulative', count), kind, names),
      measure: async (p) => {
        const result = await p.sdk.collect();
        await exportOnce(exporter, result.resourceMetrics);
        const bytes = lastBytes;
        sink.reset(); // the sink keeps decoded requests; drop them (cheap) so memory stays flat
        return { bytes, points: pointCount(result) };
      },
      close: () => exporter.shutdown(),
    });
    const cases: ExportCase[] = [];
    if (caseSelected(options, 'meterkit')) cases.push(stack('meterkit', 'meterkit', new MkOtlpHttpExporter({ url, protocol: 'http/protobuf' }) as never));
    if (caseSelected(options, 'meterkit-json')) cases.push(stack('meterkit-json', 'meterkit', new MkOtlpHttpExporter({ url, protocol: 'http/json' }) as never));
    if (caseSelected(options, 'otel')) cases.push(stack('otel', 'otel', new OtelOtlpProtoExporter({ url }) as never));
    if (caseSelected(options, 'otel-json')) cases.push(stack('otel-json', 'otel', new OtelOtlpJsonExporter({ url }) as never));
    pushRow(
      rows,
      id,
      title,
      cases,
      await timeCollections(cases, count, options.collectSamples),
      'meterkit: @meterkit/exporter-otlp-http (protobuf; JSON in details); official: @opentelemetry/exporter-metrics-otlp-proto 0.223 (protobuf, like for like; its JSON exporter @opentelemetry/exporter-metrics-otlp-http in details). Receiver: @meterkit/otlp-sink, which decodes every request before answering (included in every figure)',
    );
    await closeAll(cases);
    await sink.close();
    await pushIsolated(options, rows);
  }
}

/** One scrape of 10k series over HTTP: meterkit reader, official PrometheusExporter, prom-client. */
async function prometheusRows(options: BenchOptions, rows: Row[]): Promise<void> {
  const count = 10_000;
  for (const kind of ['counter', 'histogram'] as SeriesKind[]) {
    const id = `scrape.prometheus.${kind}.${count}`;
    const title = `Prometheus scrape over HTTP, ${count.toLocaleString('en-US')} ${kind} series`;
    if (!selected(options, id, title)) continue;
    options.log(`export: ${id}`);
    const names = routes(count);
    const cases: ExportCase[] = [];
    const scrapeCase = async (caseId: ImplId, sdk: SdkSetup, handler: http.RequestListener, population?: Population): Promise<ExportCase> => {
      const target = await serve(handler);
      return {
        id: caseId,
        impl: 'meterkit',
        population: population ?? populate(sdk, kind, names),
        measure: async () => ({ bytes: await scrapeBytes(target.url) }),
        close: () => target.close(),
      };
    };
    if (implSelected(options, 'meterkit')) {
      // Both OpenTelemetry SDKs limit a stream to 2000 series by default; lift it above 10k.
      const reader = new PrometheusReader({ preventServerStart: true, cardinalitySelector: () => count + 16 });
      const provider = new MkMeterProvider({ readers: [reader] });
      const sdk: SdkSetup = { meter: provider.getMeter('bench'), collect: () => reader.collect(), shutdown: () => provider.shutdown() };
      const meterkitCase = await scrapeCase('meterkit', sdk, reader.getMetricsRequestHandler);
      cases.push(meterkitCase);
      if (implSelected(options, 'js')) {
        // The floor: the simplest builder of the same bytes, from the same kind of collection.
        const floor = await lowerBoundCase(kind, names, async () => {
          const response = await reader.getMetrics();
          return Buffer.from(response.body, 'utf8');
        });
        cases.push({ ...floor, id: 'js' });
      }
    }
    if (implSelected(options, 'otel')) {
      const exporter = new PrometheusExporter({ preventServerStart: true });
      // The official PrometheusExporter takes no cardinality selector: a view lifts the limit.
      const provider = new OtelMeterProvider({ readers: [exporter], views: [{ instrumentName: 'x', aggregationCardinalityLimit: count + 16 }] });
      const sdk: SdkSetup = { meter: provider.getMeter('bench'), collect: () => exporter.collect() as never, shutdown: () => provider.shutdown() };
      cases.push(await scrapeCase('otel', sdk, (req, res) => exporter.getMetricsRequestHandler(req, res)));
    }
    if (implSelected(options, 'prom')) {
      const prom = createProm();
      const instrument = kind === 'counter' ? prom.counter('x') : prom.histogram('x');
      const recordAll = (round: number): void => {
        if (kind === 'counter') for (let i = 0; i < count; i++) (instrument as ReturnType<typeof prom.counter>).inc(attributesOf(i, names) as never, 1 + ((i + round) & 7));
        else for (let i = 0; i < count; i++) (instrument as ReturnType<typeof prom.histogram>).observe(attributesOf(i, names) as never, ((i * 7 + round * 13) % 1000) * 7.3);
      };
      recordAll(0);
      const sdk = { meter: undefined as never, collect: undefined as never, shutdown: async () => {} };
      cases.push(
        await scrapeCase(
          'prom',
          sdk,
          (_req, res) => {
            prom.registry.metrics().then(
              (text) => res.writeHead(200, { 'Content-Type': prom.registry.contentType }).end(text),
              (error: Error) => res.writeHead(500).end(error.message),
            );
          },
          { sdk, recordAll },
        ),
      );
    }
    pushRow(rows, id, title, cases, await timeCollections(cases, count, options.collectSamples), 'meterkit: @meterkit/reader-prometheus; official: @opentelemetry/exporter-prometheus 0.223; prom-client: `registry.metrics()`; plain JS: the lower bound, the same collect then the simplest fast writer of the same bytes into one buffer per scrape, knowing the data and keeping only the label text of each series, as the reader does (src/lower-bound/prometheus-text.ts; checked byte for byte at setup); all served by a node http server on loopback, scraped with a keep-alive client that counts the bytes of the body');
    await closeAll(cases);
  }
}

export async function runExport(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  await serializationRows(options, rows);
  await otlpHttpRows(options, rows);
  await eventLoopBlockRows(options, rows);
  await prometheusRows(options, rows);
  rows.push(...(await runPrometheusScrape(options)));
  await requireRows(options, rows);
  return rows;
}
