// Prometheus scrape rows beyond the side-by-side with the peers (export.ts): the lower-bound
// case (src/lower-bound/prometheus-text.ts writing the same bytes as the reader, from the same
// collected data, served the same way), the protobuf exposition of native histograms, and
// recording throughput while a scraper scrapes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Counter } from '@opentelemetry/api';
import { AggregationType, InstrumentType, MeterProvider as MkMeterProvider } from '@meterkit/sdk-metrics-core';
import { PrometheusReader } from '@meterkit/reader-prometheus';
import { PlainPrometheusText } from '../lower-bound/prometheus-text';
import { selected, type BenchOptions } from '../options';
import type { Row } from '../results';
import { summarize } from '../stats';
import type { SdkSetup } from '../sdks/sdk-setup';
import { routes } from './attributes';
import { timeCollections, type TimedCollection } from './collection';
import { attributesOf, populate, type SeriesKind } from './series-population';

const SERIES = 10_000;
const agent = new http.Agent({ keepAlive: true });

interface Served {
  url: string;
  close(): Promise<void>;
}

/** A loopback server for one scrape case (every case of the scrape rows is served by one of these). */
export function serve(handler: http.RequestListener): Promise<Served> {
  const server = http.createServer(handler);
  // Samples are seconds apart (forced GC, collection, the other cases): with node's default
  // 5 s keep-alive timeout the server could close an idle socket just as the client reused
  // it (ECONNRESET, seen once on the native-histogram row, which then hung the run).
  server.keepAliveTimeout = 120_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/metrics`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

/**
 * One timed scrape: the body's bytes are counted as they arrive, not kept (every case of the
 * scrape rows, the lower bound included, is read this way). Retried once on a fresh socket if
 * a kept-alive one was reset under it.
 */
export function scrapeBytes(url: string, accept?: string): Promise<number> {
  return retriedOnReset(() => scrapeOnce(url, accept));
}

/** `request()`, made once more on a fresh socket if a kept-alive one was reset under it. */
async function retriedOnReset<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return request();
  }
}

function scrapeOnce(url: string, accept?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: accept ? { accept } : {} }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', reject);
        res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`scrape: HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

/** One scrape's body, kept (the lower bound's byte-for-byte check at setup); retried as `scrapeBytes`. */
function fetchBody(url: string, accept?: string): Promise<Buffer> {
  return retriedOnReset(() => fetchOnce(url, accept));
}

function fetchOnce(url: string, accept?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: accept ? { accept } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`scrape: HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

// ---- the lower bound (src/lower-bound/prometheus-text.ts) ------------------------------

/**
 * The lower-bound case of a scrape row: the same SDK and collection as the reader's, the
 * plain builder, the same http response path. Checks once that it writes the reader's bytes.
 */
export async function lowerBoundCase(kind: SeriesKind, names: readonly string[], readerBody: () => Promise<Buffer>): Promise<TimedCollection & { close(): Promise<void> }> {
  const reader = new PrometheusReader({ preventServerStart: true, cardinalitySelector: () => SERIES + 16 });
  const provider = new MkMeterProvider({ readers: [reader] });
  const sdk: SdkSetup = { meter: provider.getMeter('bench'), collect: () => reader.collect(), shutdown: () => provider.shutdown() };
  const population = populate(sdk, kind, names);
  const plain = new PlainPrometheusText();
  const target = await serve((_req, res) => {
    reader.collect().then(
      (result) => {
        const payload = plain.write(result.resourceMetrics);
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Content-Length': payload.length }).end(payload);
      },
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  const theirs = await readerBody();
  // Twice: the first scrape renders every series' labels, the second (like every timed one)
  // reads them from the floor's cache.
  for (const scrape of ['first', 'second']) {
    const mine = await fetchBody(target.url);
    if (!mine.equals(theirs)) {
      const a = mine.toString().split('\n');
      const b = theirs.toString().split('\n');
      const at = a.findIndex((line, i) => line !== b[i]);
      throw new Error(`lower bound writes other bytes than the reader (${scrape} scrape) at line ${at}:\n  plain:  ${a[at]}\n  reader: ${b[at]}`);
    }
  }
  return {
    impl: 'meterkit',
    population,
    measure: async () => ({ bytes: await scrapeBytes(target.url) }),
    close: async () => {
      await target.close();
      await provider.shutdown();
    },
  } as TimedCollection & { close(): Promise<void> };
}

// ---- protobuf exposition of native histograms ------------------------------------------

const PROTOBUF_ACCEPT = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited';

async function nativeHistogramRow(options: BenchOptions, rows: Row[]): Promise<void> {
  const id = `scrape.prometheus.native-histogram.${SERIES}`;
  const title = `Prometheus scrape over HTTP, ${SERIES.toLocaleString('en-US')} exponential histogram series: protobuf (native histograms) vs text (le buckets)`;
  if (!selected(options, id, title)) return;
  options.log(`export: ${id}`);
  const names = routes(SERIES);
  const cases: Array<TimedCollection & { close(): Promise<void> }> = [];
  for (const accept of [PROTOBUF_ACCEPT, undefined]) {
    const reader = new PrometheusReader({
      preventServerStart: true,
      cardinalitySelector: () => SERIES + 16,
      aggregationSelector: (type) => (type === InstrumentType.HISTOGRAM ? { type: AggregationType.EXPONENTIAL_HISTOGRAM } : { type: AggregationType.DEFAULT }),
    });
    const provider = new MkMeterProvider({ readers: [reader] });
    const sdk: SdkSetup = { meter: provider.getMeter('bench'), collect: () => reader.collect(), shutdown: () => provider.shutdown() };
    const target = await serve(reader.getMetricsRequestHandler);
    cases.push({
      impl: 'meterkit',
      population: populate(sdk, 'histogram', names),
      measure: async () => ({ bytes: (await fetchBody(target.url, accept)).length }),
      close: async () => {
        await target.close();
        await provider.shutdown();
      },
    } as TimedCollection & { close(): Promise<void> });
  }
  const [protobuf, text] = await timeCollections(cases, SERIES, options.collectSamples);
  rows.push({
    id,
    section: 'export',
    title,
    unit: 'ms',
    results: { meterkit: protobuf, 'meterkit-text': text },
    note: 'meterkit: @meterkit/reader-prometheus answering `Accept: application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited` (one native histogram per series); "meterkit, text" is the same reader and data in the 0.0.4 text format (one le bucket per exponential bucket)',
  });
  for (const c of cases) await c.close();
}

// ---- recording while scraped -----------------------------------------------------------

/** ns per Counter.add over `durationMs`, recording in slices so that scrapes can interleave. */
async function recordFor(counter: Counter, names: readonly string[], durationMs: number): Promise<number> {
  const attributes = names.map((_, i) => attributesOf(i, names));
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(durationMs) * 1_000_000n;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 5000; i++) counter.add(1, attributes[(ops + i) % attributes.length]!);
    ops += 5000;
    // Yield to the event loop between slices: the scrapes run there.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return Number(process.hrtime.bigint() - start) / ops;
}

async function recordingDuringScrapesRow(options: BenchOptions, rows: Row[], scrapeEveryMs: number): Promise<void> {
  const id = 'record.during-scrapes';
  const title = `Counter.add on ${SERIES.toLocaleString('en-US')} series while the reader is scraped every ${scrapeEveryMs} ms (vs not scraped)`;
  if (!selected(options, id, title)) return;
  options.log(`export: ${id}`);
  const names = routes(SERIES);
  const reader = new PrometheusReader({ preventServerStart: true, cardinalitySelector: () => SERIES + 16 });
  const provider = new MkMeterProvider({ readers: [reader] });
  const counter = provider.getMeter('bench').createCounter('x');
  const target = await serve(reader.getMetricsRequestHandler);
  const sampleMs = options.quick ? 600 : 2000;
  const during: number[] = [];
  const idle: number[] = [];
  await recordFor(counter, names, 300); // warm-up: every series exists, code is optimised
  let scrapes = 0;
  for (let s = 0; s < Math.max(3, options.collectSamples); s++) {
    // Alternate the two conditions so that drift spreads over both.
    idle.push(await recordFor(counter, names, sampleMs));
    let scraping = true;
    const scraper = (async () => {
      while (scraping) {
        await scrapeBytes(target.url); // counted, not kept, as in the scrape rows
        scrapes++;
        await new Promise((resolve) => setTimeout(resolve, scrapeEveryMs));
      }
    })();
    during.push(await recordFor(counter, names, sampleMs));
    scraping = false;
    await scraper;
  }
  rows.push({
    id,
    section: 'export',
    title,
    unit: 'ns/op',
    results: { meterkit: { ...summarize(during), extra: { scrapes } }, 'meterkit-idle': summarize(idle) },
    note: `meterkit: Counter.add in slices of 5000 calls (yielding to the event loop between slices) while a keep-alive client scrapes the reader's request handler (0.0.4 text, ${SERIES.toLocaleString('en-US')} series) every ${scrapeEveryMs} ms; "meterkit, not scraped" is the same loop without the scraper. Same process, one thread: the scrape's CPU time is part of the cost`,
  });
  await target.close();
  await provider.shutdown();
}

export async function runPrometheusScrape(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  await nativeHistogramRow(options, rows);
  await recordingDuringScrapesRow(options, rows, 1000);
  return rows;
}
