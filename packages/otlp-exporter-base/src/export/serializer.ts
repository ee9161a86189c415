// Request encoding with meterkit's own OTLP encoder (src/encoding), protobuf or JSON. Each
// serializer encodes in one go (serializeRequest) or in slices that give the event loop a
// turn every few milliseconds (encodeRequest), which is what the exporters use.
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { encodeMetricsJson } from '../encoding/metrics-json';
import { encodeMetricsProto } from '../encoding/metrics-proto';
import { decodeJsonResponse, decodeProtobufResponse, type ExportMetricsServiceResponse } from '../encoding/response';
import { runSliced, runToEnd } from '../encoding/slice-clock';

export type { ExportMetricsServiceResponse };

/** Turns `ResourceMetrics` into an OTLP request body and a response body into its partial-success information. */
export interface MetricsSerializer {
  /** Encodes the request at once. */
  serializeRequest(metrics: ResourceMetrics): Uint8Array | undefined;
  /** Encodes the request, pausing for the event loop whenever a slice has run `sliceMillis`. */
  encodeRequest?(metrics: ResourceMetrics, sliceMillis?: number): Promise<Uint8Array>;
  /** Decodes the response body into its partial-success information. */
  deserializeResponse(data: Uint8Array): ExportMetricsServiceResponse;
}

/** Encodes `ResourceMetrics` as an OTLP protobuf request body. */
export const PROTOBUF_METRICS_SERIALIZER: MetricsSerializer = {
  serializeRequest: (metrics) => runToEnd(encodeMetricsProto(metrics)),
  encodeRequest: (metrics, sliceMillis) => runSliced(encodeMetricsProto(metrics), sliceMillis),
  deserializeResponse: decodeProtobufResponse,
};

/** Encodes `ResourceMetrics` as an OTLP/JSON request body (the specification's JSON mapping). */
export const JSON_METRICS_SERIALIZER: MetricsSerializer = {
  serializeRequest: (metrics) => runToEnd(encodeMetricsJson(metrics)),
  encodeRequest: (metrics, sliceMillis) => runSliced(encodeMetricsJson(metrics), sliceMillis),
  deserializeResponse: decodeJsonResponse,
};
