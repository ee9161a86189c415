// The push exporter conformance suite and the OTLP behaviour both transports share, run over
// OTLP/HTTP (protobuf; the conformance suite also over JSON) against a real receiver.
import { startOtlpSink, type OtlpSink } from '@meterkit/otlp-sink';
import { exporterConformanceSuite } from '@meterkit/sdk-metrics-core/testing';
import { OTLPMetricExporter, type OTLPMetricExporterOptions } from '../src';
import { otlpExporterSuites } from '../../otlp-exporter-base/test/support/otlp-suite';
import { FAST_RETRY, reserveClosedPort } from '../../otlp-exporter-base/test/support/helpers';

const startSink = (port?: number) => startOtlpSink({ grpcPort: null, httpPort: port });
const url = (target: OtlpSink | number) => (typeof target === 'number' ? `http://127.0.0.1:${target}` : target.httpUrl) + '/v1/metrics';

otlpExporterSuites({
  name: 'OTLP/HTTP exporter (http/protobuf)',
  startSink,
  url,
  create: (options) => new OTLPMetricExporter(options as OTLPMetricExporterOptions),
  timeoutMessage: /timed out after/,
  backoffWhileDown: { initialBackoffMillis: 150, maxBackoffMillis: 300 },
});

exporterConformanceSuite({
  name: 'OTLP/HTTP exporter (http/json)',
  async create({ behaviour, temporalityPreference, timeoutMillis }) {
    const sink = await startSink();
    if (behaviour === 'hang') sink.setDefaultBehaviour({ delayMs: 600_000 });
    if (behaviour === 'reject') sink.setDefaultBehaviour({ httpStatus: 400 });
    const target = behaviour === 'unreachable' ? await reserveClosedPort() : sink;
    const exporter = new OTLPMetricExporter({ url: url(target), protocol: 'http/json', temporalityPreference, timeoutMillis, retry: FAST_RETRY });
    return { exporter, received: () => sink.points(), close: () => sink.close() };
  },
});
