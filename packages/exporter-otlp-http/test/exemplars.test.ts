// Exemplars through the OTLP/HTTP exporter, protobuf and JSON, to a real receiver that decodes
// them with the official schema: what was sent is what arrived.
import { startOtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter } from '../src';
import { exemplarRoundTripSuite } from '../../otlp-exporter-base/test/support/exemplar-roundtrip';

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  exemplarRoundTripSuite({
    name: `OTLP/HTTP exporter (${protocol})`,
    startSink: () => startOtlpSink({ grpcPort: null }),
    create: (sink, options) => new OTLPMetricExporter({ url: `${sink.httpUrl}/v1/metrics`, protocol, ...options }),
  });
}
