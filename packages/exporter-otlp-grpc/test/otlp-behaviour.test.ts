// The push exporter conformance suite and the OTLP behaviour both transports share, run over
// OTLP/gRPC against a real receiver.
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter, type OTLPMetricExporterOptions } from '../src';
import { otlpExporterSuites } from '../../otlp-exporter-base/test/support/otlp-suite';

otlpExporterSuites({
  name: 'OTLP/gRPC exporter',
  startSink: (port?: number) => startOtlpSink({ httpPort: null, grpcPort: port }),
  url: (target: OtlpSink | number) => `http://${typeof target === 'number' ? `127.0.0.1:${target}` : target.grpcAddress}`,
  create: (options) => new OTLPMetricExporter(options as OTLPMetricExporterOptions),
  timeoutMessage: /DEADLINE_EXCEEDED/,
  // Default backoff: grpc-js also backs off reconnecting (about 1 s), so a fast one would spend
  // all its attempts before the channel tries again.
  backoffWhileDown: undefined,
});
