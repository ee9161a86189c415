// The whole demo as one function: start the backends, the instrumented service and the load,
// then read the numbers back from every backend and compare them with the load's own counts.
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { WorkerGroup } from '@meterkit/cluster';
import { startClusterService } from './cluster-service';
import { createConsoleView, type ConsoleMode, type ConsoleView } from './console-view';
import { exemplarReport } from './exemplar-summary';
import { runLoad, type LoadProgress } from './load-generator';
import { countsFromSinkPoints } from './readback/from-sink';
import { countsFromExposition, scrape } from './readback/from-prometheus';
import { startDemoService, type DemoService } from './service';
import { formatSummary, sameCounts, summarizeBackend, summarizeLoad, type SourceSummary } from './summary';
import { startTelemetry, type OtlpProtocol, type Telemetry } from './telemetry';
import { createTerminal, SILENT_TERMINAL, type Terminal } from './terminal';
import { startTracing, type Tracing } from './tracing';

export interface DemoOptions {
  /** How long the load runs; 0 = until `signal` aborts (Ctrl-C). Default 10 000. */
  durationMs?: number;
  /** Concurrent clients of the load generator. Default 8. */
  concurrency?: number;
  /** Port of the demo service (default 0: a free port). */
  port?: number;
  /** Port of the Prometheus endpoint (default 0: a free port). */
  prometheusPort?: number;
  /** `summary` (default): one line per console export; `json` / `pretty`: the exporter's full output; `off`. */
  console?: ConsoleMode;
  consoleIntervalMs?: number;
  otlpIntervalMs?: number;
  /**
   * OTLP transport. Default: OTEL_EXPORTER_OTLP_METRICS_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL,
   * else `http/protobuf`.
   */
  otlpProtocol?: OtlpProtocol;
  /**
   * Send OTLP to the endpoint of the OTEL_EXPORTER_OTLP_[METRICS_]ENDPOINT variables instead of
   * the embedded sink. Default: true when one of them is set.
   */
  useOtlpEnvEndpoint?: boolean;
  /**
   * Serve from N cluster workers on one port (0 or absent: the service runs in this process).
   * This process then holds the readers and merges the workers' metrics (@meterkit/cluster).
   */
  workers?: number;
  /** Stops the load early (Ctrl-C); the run then finishes normally with what was sent. */
  signal?: AbortSignal;
  /** Print nothing. The console exporter still runs (its output is counted, not shown). */
  quiet?: boolean;
  /** Where to print (default process.stdout). */
  output?: NodeJS.WriteStream;
}

export interface DemoResult {
  elapsedMs: number;
  urls: { service: string; prometheus: string; otlp: string };
  /** What the load generator counted itself. */
  load: SourceSummary & { networkErrors: number };
  /** Read back from the embedded OTLP sink; absent when OTLP went to an external endpoint. */
  sink?: SourceSummary;
  /** Read back from a scrape of the Prometheus endpoint. */
  prometheus: SourceSummary;
  /** OTLP export requests the sink received. */
  sinkRequests?: number;
  /** Exports the console exporter printed. */
  consoleExports: number;
  /** Every backend read back holds exactly the requests and errors the load generator counted. */
  matches: boolean;
  /**
   * Every backend read back has an exemplar in the slowest latency bucket, naming a span the
   * service ended (true when there is nothing to check: no request, or cluster workers).
   */
  exemplarsOk: boolean;
  /** The summary as printed. */
  summaryText: string;
}

const OTLP_PROTOCOLS: OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

function protocolFromEnv(): OtlpProtocol | undefined {
  const value = (process.env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  if (!value) return undefined;
  if (!OTLP_PROTOCOLS.includes(value as OtlpProtocol)) {
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL="${value}" is not supported; expected one of ${OTLP_PROTOCOLS.join(', ')}`);
  }
  return value as OtlpProtocol;
}

function envEndpoint(): string | undefined {
  return process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim() || process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
}

function progressLine(p: LoadProgress): string {
  const seconds = (p.elapsedMs / 1000).toFixed(1);
  const of = p.durationMs > 0 ? `s/${(p.durationMs / 1000).toFixed(0)}s` : 's (Ctrl-C to stop)';
  let ok = 0;
  let client = 0;
  let server = 0;
  for (const [status, count] of p.byStatus) {
    if (status >= 500) server += count;
    else if (status >= 400) client += count;
    else ok += count;
  }
  const inFlight = p.sent - p.completed;
  return `[load] ${seconds}${of}  ${p.completed} requests  2xx ${ok}  4xx ${client}  5xx ${server}${p.networkErrors ? `  no response ${p.networkErrors}` : ''}  in flight ${inFlight}`;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const terminal: Terminal = options.quiet ? SILENT_TERMINAL : createTerminal(options.output);
  const durationMs = options.durationMs ?? 10_000;
  const protocol = options.otlpProtocol ?? protocolFromEnv() ?? 'http/protobuf';
  const external = options.useOtlpEnvEndpoint ?? envEndpoint() !== undefined;
  const consoleMode: ConsoleMode = options.console ?? 'summary';

  let sink: OtlpSink | undefined;
  let tracing: Tracing | undefined;
  let telemetry: Telemetry | undefined;
  let service: DemoService | undefined;
  let finished = false;
  try {
    // 1. The embedded OTLP backend (unless a real one is configured).
    let otlpUrl: string | undefined;
    let otlpTarget: string;
    if (external) {
      otlpTarget = `${envEndpoint() ?? '(default endpoint)'} (${protocol}, from OTEL_EXPORTER_OTLP_* variables)`;
    } else {
      sink = await startOtlpSink({ host: '127.0.0.1', httpPort: protocol === 'grpc' ? false : 0, grpcPort: protocol === 'grpc' ? 0 : false });
      otlpUrl = protocol === 'grpc' ? `http://${sink.grpcAddress}` : `${sink.httpUrl}/v1/metrics`;
      otlpTarget = `${otlpUrl} (${protocol}, embedded @meterkit/otlp-sink)`;
    }

    // 2. The SDK: MeterProvider, views, and the three readers.
    let consoleView: ConsoleView | undefined;
    if (options.quiet) consoleView = createConsoleView('summary', SILENT_TERMINAL);
    else if (consoleMode !== 'off') consoleView = createConsoleView(consoleMode, terminal);
    const workers = options.workers ?? 0;
    const group = workers > 0 ? new WorkerGroup({ timeoutMillis: 2000 }) : undefined;
    telemetry = await startTelemetry({
      producerFor: group ? (temporality) => group.createProducer({ temporality }) : undefined,
      console: consoleView?.exporterOptions,
      consoleIntervalMs: options.consoleIntervalMs ?? 2000,
      prometheusHost: '127.0.0.1',
      prometheusPort: options.prometheusPort ?? 0,
      otlpProtocol: protocol,
      otlpUrl,
      otlpIntervalMs: options.otlpIntervalMs ?? 1000,
    });

    // 3. The service, instrumented through @opentelemetry/api only; its requests run in spans
    // (the cluster workers have no tracing: their exemplars would not reach this process).
    if (!group) tracing = startTracing();
    service = group
      ? await startClusterService({ workers, host: '127.0.0.1', port: options.port, group })
      : await startDemoService({ host: '127.0.0.1', port: options.port });

    terminal.log('meterkit demo: an HTTP service instrumented through @opentelemetry/api, metrics through meterkit');
    terminal.log(`  service      ${service.url}${workers > 0 ? `   (${workers} cluster workers, merged by @meterkit/cluster)` : ''}`);
    terminal.log(`  prometheus   ${telemetry.prometheusUrl}   (curl it while the demo runs)`);
    terminal.log(`  otlp         ${otlpTarget}`);
    terminal.log(`  console      ${consoleMode === 'off' ? 'off' : `every ${(options.consoleIntervalMs ?? 2000) / 1000} s (${consoleMode})`}`);
    terminal.log('');

    // 4. The load.
    const load = await runLoad({
      baseUrl: service.url,
      durationMs,
      concurrency: options.concurrency,
      signal: options.signal,
      onProgress: (p) => terminal.progress(progressLine(p)),
    });
    const completed = sumValues(load.byStatus) + load.networkErrors;
    terminal.progress(progressLine({ elapsedMs: load.elapsedMs, durationMs, sent: completed, completed, byStatus: load.byStatus, networkErrors: load.networkErrors }));
    terminal.endProgress();

    // 5. One final export from every push reader, then read everything back.
    await telemetry.flush();
    const loadSummary = summarizeLoad(load);
    const prometheusSummary = summarizeBackend(countsFromExposition(await scrape(telemetry.prometheusUrl)));
    const sinkSummary = sink ? summarizeBackend(countsFromSinkPoints(sink.points())) : undefined;
    const sinkTitle = sink ? `OTLP sink (${sink.requests.length} exports)` : 'OTLP (external)';
    const backends = [
      { title: sinkTitle, summary: sinkSummary, note: 'not read back' },
      { title: 'Prometheus scrape', summary: prometheusSummary },
    ];
    const exemplars = exemplarReport(backends, tracing?.spans);
    const summaryText = `${formatSummary(loadSummary, backends, load.networkErrors)}\n\n${exemplars.text}`;
    const matches = sameCounts(loadSummary, prometheusSummary) && (sinkSummary === undefined || sameCounts(loadSummary, sinkSummary));
    terminal.log('');
    terminal.log(`Summary after ${(load.elapsedMs / 1000).toFixed(1)} s`);
    terminal.log(summaryText);
    terminal.log('');
    terminal.log(
      matches
        ? 'Every backend holds exactly the requests the load generator counted.'
        : 'MISMATCH: a backend does not hold what the load generator counted (see ✗ above).',
    );
    if (!exemplars.ok) terminal.log('EXEMPLARS MISSING: a backend has no exemplar naming a span of the service (see ✗ above).');

    finished = true;
    return {
      elapsedMs: load.elapsedMs,
      urls: { service: service.url, prometheus: telemetry.prometheusUrl, otlp: otlpTarget },
      load: { ...loadSummary, networkErrors: load.networkErrors },
      sink: sinkSummary,
      prometheus: prometheusSummary,
      sinkRequests: sink?.requests.length,
      consoleExports: consoleView?.exports() ?? 0,
      matches,
      exemplarsOk: exemplars.ok,
      summaryText,
    };
  } finally {
    // 6. Clean shutdown, in dependency order: no more requests, last exports, then backends.
    if (finished) terminal.log('Shutting down (each push reader exports one last time)...');
    await service?.close();
    await telemetry?.shutdown();
    await tracing?.shutdown();
    await sink?.close();
    if (finished) terminal.log('Shut down cleanly.');
  }
}

function sumValues(map: Map<number, number>): number {
  let sum = 0;
  for (const v of map.values()) sum += v;
  return sum;
}
