// ExportMetricsServiceResponse: partial_success = 1 { rejected_data_points = 1 (int64),
// error_message = 2 }, from protobuf or OTLP/JSON.
import { decodeUtf8, int64FromVarint, readFields } from './proto-reader';

/** The decoded OTLP export response: its partial-success information, if any. */
export interface ExportMetricsServiceResponse {
  partialSuccess?: { rejectedDataPoints?: number; errorMessage?: string };
}

export function decodeProtobufResponse(data: Uint8Array): ExportMetricsServiceResponse {
  const response: ExportMetricsServiceResponse = {};
  readFields(data, (f) => {
    if (f.field !== 1 || f.bytes === undefined) return;
    const partial: { rejectedDataPoints?: number; errorMessage?: string } = (response.partialSuccess ??= {});
    readFields(f.bytes, (g) => {
      if (g.field === 1 && g.wireType === 0) partial.rejectedDataPoints = int64FromVarint(g.varint);
      else if (g.field === 2 && g.bytes !== undefined) partial.errorMessage = decodeUtf8(g.bytes);
    });
  });
  return response;
}

export function decodeJsonResponse(data: Uint8Array): ExportMetricsServiceResponse {
  const parsed = JSON.parse(decodeUtf8(data)) as { partialSuccess?: { rejectedDataPoints?: number | string; errorMessage?: string } } | null;
  const partial = parsed?.partialSuccess;
  if (partial == null || typeof partial !== 'object') return {};
  return {
    partialSuccess: {
      rejectedDataPoints: partial.rejectedDataPoints === undefined ? undefined : Number(partial.rejectedDataPoints),
      errorMessage: typeof partial.errorMessage === 'string' ? partial.errorMessage : undefined,
    },
  };
}
