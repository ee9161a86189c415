import * as fs from 'fs';
import { parseArgs } from 'util';
import { formatPoint } from './format-point';
import { startOtlpSink } from './otlp-sink';
import type { OtlpSink, OtlpSinkOptions } from './types';

export const USAGE = `usage: otlp-sink [--http PORT|off] [--grpc PORT|off] [--host HOST]
                 [--tls-key FILE --tls-cert FILE [--tls-ca FILE] [--require-client-cert]]
                 [--quiet]

Runs an OTLP metrics receiver until Ctrl-C and prints one line per received data point.
Defaults: --http 4318 --grpc 4317 --host 127.0.0.1 (use 0 for a free port).`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Parses the CLI arguments into sink options; throws with a message naming the bad option. */
export function parseCliArgs(argv: string[]): { options: OtlpSinkOptions; quiet: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      http: { type: 'string', default: '4318' },
      grpc: { type: 'string', default: '4317' },
      host: { type: 'string', default: '127.0.0.1' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-ca': { type: 'string' },
      'require-client-cert': { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const port = (name: string, v: string | undefined): number | null => {
    if (v === 'off' || v === 'false' || v === 'none') return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new Error(`--${name}: expected a port number 0-65535 or "off", got "${v}"`);
    }
    return n;
  };
  const options: OtlpSinkOptions = {
    host: values.host,
    httpPort: port('http', values.http),
    grpcPort: port('grpc', values.grpc),
  };
  if (values['tls-key'] || values['tls-cert']) {
    if (!values['tls-key'] || !values['tls-cert']) throw new Error('--tls-key and --tls-cert go together');
    options.tls = {
      key: fs.readFileSync(values['tls-key']),
      cert: fs.readFileSync(values['tls-cert']),
      ca: values['tls-ca'] ? fs.readFileSync(values['tls-ca']) : undefined,
      requireClientCert: values['require-client-cert'],
    };
  } else if (values['require-client-cert']) {
    throw new Error('--require-client-cert needs --tls-key, --tls-cert and --tls-ca');
  }
  return { options, quiet: Boolean(values.quiet), help: Boolean(values.help) };
}

/** Starts the sink for the CLI and prints received points; the caller stops it with `sink.close()`. */
export async function runCli(argv: string[], io: CliIo): Promise<OtlpSink | undefined> {
  const { options, quiet, help } = parseCliArgs(argv);
  if (help) {
    io.out(USAGE);
    return undefined;
  }
  const sink = await startOtlpSink(options);
  if (sink.httpUrl) io.out(`otlp-sink: OTLP/HTTP on ${sink.httpUrl}/v1/metrics`);
  if (sink.grpcAddress) io.out(`otlp-sink: OTLP/gRPC on ${sink.grpcAddress}`);
  sink.onRequest((req, points) => {
    if (quiet) return;
    for (const p of points) io.out(formatPoint(p, req));
  });
  return sink;
}
