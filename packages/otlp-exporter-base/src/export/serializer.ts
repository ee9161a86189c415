// Request encoding through @opentelemetry/otlp-transformer, the same code the official
// exporters use, so meterkit's output is byte-compatible with theirs.
import {
  JsonMetricsSerializer,
  ProtobufMetricsSerializer,
  type IExportMetricsServiceResponse,
  type ISerializer,
} from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';

/** Turns `ResourceMetrics` into an OTLP request body and a response body into its partial-success information. */
export type MetricsSerializer = ISerializer<ResourceMetrics, IExportMetricsServiceResponse>;

// meterkit's data model is structurally identical to @opentelemetry/sdk-metrics' (the
// compatibility contract), so the transformer's serializers accept it as is.
/** Serializes `ResourceMetrics` to an OTLP protobuf request body. */
export const PROTOBUF_METRICS_SERIALIZER = ProtobufMetricsSerializer as unknown as MetricsSerializer;
/** Serializes `ResourceMetrics` to an OTLP/JSON request body. */
export const JSON_METRICS_SERIALIZER = JsonMetricsSerializer as unknown as MetricsSerializer;
