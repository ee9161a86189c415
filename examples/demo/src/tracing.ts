// Tracing for the demo service, so that its measurements carry exemplars: a tracer provider of
// @opentelemetry/sdk-trace-base that samples every span, and @opentelemetry/context-async-hooks
// so that the span of a request is the active one while its handler records the metrics
// (meterkit's default exemplar filter, trace_based, keeps measurements made in sampled spans).
// No span exporter: a real service would send its spans to a tracing backend, where an
// exemplar's trace id leads. The demo keeps a bounded log of the spans it ended instead, to
// show that each exemplar read back names a real request of the service.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** What the demo remembers of one ended span. */
export interface LoggedSpan {
  traceId: string;
  name: string;
  durationMs: number;
  status?: number;
}

/** The most recent spans, at most `limit` of them (a `--duration 0` run must not grow without end). */
export class SpanLog implements SpanProcessor {
  private readonly _spans = new Map<string, LoggedSpan>();
  private _evicted = 0;

  constructor(private readonly _limit = 50_000) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const { traceId, spanId } = span.spanContext();
    const [seconds, nanos] = span.duration;
    const status = span.attributes['http.response.status_code'];
    this._spans.set(spanId, { traceId, name: span.name, durationMs: seconds * 1000 + nanos / 1e6, status: typeof status === 'number' ? status : undefined });
    // Maps iterate in insertion order: the first key is the oldest span.
    if (this._spans.size > this._limit) {
      this._spans.delete(this._spans.keys().next().value!);
      this._evicted++;
    }
  }

  /** Whether older spans were dropped: only then may a real span be missing from the log. */
  get evictedAny(): boolean {
    return this._evicted > 0;
  }

  /** The span with this span id, when it belongs to `traceId` and is still in the log. */
  find(traceId: string, spanId: string): LoggedSpan | undefined {
    const span = this._spans.get(spanId);
    return span?.traceId === traceId ? span : undefined;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

export interface Tracing {
  spans: SpanLog;
  shutdown(): Promise<void>;
}

/** Registers the tracer provider and context manager globally (like metrics, through the API). */
export function startTracing(): Tracing {
  const spans = new SpanLog();
  const provider = new BasicTracerProvider({ sampler: new AlwaysOnSampler(), spanProcessors: [spans] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(contextManager)) {
    throw new Error('a global context manager is already registered in this process (call context.disable() first)');
  }
  if (!trace.setGlobalTracerProvider(provider)) {
    context.disable();
    throw new Error('a global tracer provider is already registered in this process (call trace.disable() first)');
  }
  return {
    spans,
    async shutdown() {
      trace.disable();
      context.disable();
      await provider.shutdown();
    },
  };
}
