// The span context of a measurement's context, validated. `trace.isSpanContextValid` runs two
// regular expressions (trace id, span id): ~as costly as the rest of an exemplar offer. A
// span's context object is the same for every measurement made in that span (the SDK's span
// and the API's non-recording span both return one stored object), so the last object found
// valid is remembered and recognised by identity. Span contexts are treated as immutable, as
// the API documents them.
import { trace, type Context, type SpanContext } from '@opentelemetry/api';

const traceApi = trace;
let lastValid: SpanContext | undefined;

/** `trace.isSpanContextValid(spanContext)`, remembering the last valid one. */
export function isValidSpanContext(spanContext: SpanContext): boolean {
  if (spanContext === lastValid) return true;
  if (!traceApi.isSpanContextValid(spanContext)) return false;
  lastValid = spanContext;
  return true;
}

/** The span context of `ctx` when there is one and it is valid (non-zero hex ids), else undefined. */
export function validSpanContext(ctx: Context): SpanContext | undefined {
  const spanContext = traceApi.getSpanContext(ctx);
  return spanContext !== undefined && isValidSpanContext(spanContext) ? spanContext : undefined;
}
