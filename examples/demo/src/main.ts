// `pnpm demo`: run the demo from the command line. Ctrl-C stops the load early and still
// prints the summary; a second Ctrl-C exits at once.
import { parseArgs } from 'util';
import { runDemo, type DemoOptions } from './run-demo';
import type { ConsoleMode } from './console-view';
import type { OtlpProtocol } from './telemetry';

const HELP = `Usage: pnpm demo [-- options]

  --duration <seconds>        how long the load runs (default 10; 0 = until Ctrl-C)
  --concurrency <n>           concurrent clients (default 8)
  --port <port>               port of the demo service (default: a free port)
  --prometheus-port <port>    port of the Prometheus endpoint (default: a free port)
  --console <mode>            summary (default) | json | pretty | off
  --otlp-protocol <protocol>  http/protobuf (default) | http/json | grpc
  --workers <n>               serve from n cluster workers on one port; this process merges
                              their metrics with @meterkit/cluster (default 0: no workers)
  -h, --help

OTLP goes to an embedded receiver unless OTEL_EXPORTER_OTLP_ENDPOINT (or
OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) is set: then it goes there, e.g. to a collector.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number between ${min} and ${max}, got "${value}"`);
  return n;
}

function parseOptions(argv: string[]): DemoOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        duration: { type: 'string' },
        concurrency: { type: 'string' },
        port: { type: 'string' },
        'prometheus-port': { type: 'string' },
        console: { type: 'string' },
        'otlp-protocol': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const consoleMode = parsed.console as ConsoleMode | undefined;
  if (consoleMode !== undefined && !['summary', 'json', 'pretty', 'off'].includes(consoleMode)) {
    fail(`--console must be summary, json, pretty or off, got "${consoleMode}"`);
  }
  const protocol = parsed['otlp-protocol'] as OtlpProtocol | undefined;
  if (protocol !== undefined && !['http/protobuf', 'http/json', 'grpc'].includes(protocol)) {
    fail(`--otlp-protocol must be http/protobuf, http/json or grpc, got "${protocol}"`);
  }
  const seconds = integer('duration', parsed.duration, 0, 86_400);
  return {
    durationMs: seconds === undefined ? undefined : seconds * 1000,
    concurrency: integer('concurrency', parsed.concurrency, 1, 1000),
    port: integer('port', parsed.port, 0, 65535),
    prometheusPort: integer('prometheus-port', parsed['prometheus-port'], 0, 65535),
    console: consoleMode,
    otlpProtocol: protocol,
    workers: integer('workers', parsed.workers, 0, 64),
  };
}

async function main(): Promise<void> {
  // pnpm passes a literal `--` through when called as `pnpm demo -- --duration 5`.
  const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const options = parseOptions(argv);
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stdout.write('\nStopping the load (Ctrl-C again to quit at once)...\n');
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runDemo({ ...options, signal: stop.signal });
    process.exitCode = result.matches && result.exemplarsOk ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
