// Exemplars through the OTLP/gRPC exporter to a real receiver that decodes them with the
// official schema: what was sent is what arrived.
import { startOtlpSink } from '@meterkit/otlp-sink';
import { OTLPMetricExporter } from '../src';
import { exemplarRoundTripSuite } from '../../otlp-exporter-base/test/support/exemplar-roundtrip';

exemplarRoundTripSuite({
  name: 'OTLP/gRPC exporter',
  startSink: () => startOtlpSink({ httpPort: null }),
  create: (sink, options) => new OTLPMetricExporter({ url: `http://${sink.grpcAddress}`, ...options }),
});
