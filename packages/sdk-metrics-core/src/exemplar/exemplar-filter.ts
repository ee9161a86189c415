// Which measurements may become exemplars (specification: metrics SDK, "ExemplarFilter"), and
// the cheap check the recording hot path runs before anything else of the exemplar path (no
// clock read, no reservoir, no allocation unless the filter lets the measurement through).
//
// The trace-based check must cost next to nothing when no sampled span is active, which is
// most measurements of most applications. `context.active()` goes through the API's global
// registry lookup and version check on every call; when no context manager is registered the
// API answers ROOT_CONTEXT, which holds no span. That case is recognised from the registry
// object the API keeps at `globalThis[Symbol.for('opentelemetry.js.api.1')]` (as
// util/visible-failure.ts reads the diag logger): the object, once it exists, is never
// replaced (the API only adds and deletes its keys), so it is cached, and no `context` key in
// it means exactly that `context.active()` would return ROOT_CONTEXT. With a context manager
// registered, the first call goes through `context.active()` and checks that the API itself
// resolves to that manager (its version check passed); from then on, while the registry holds
// the same manager, its `active()` is called directly — skipping the API's two global lookups
// and version check per measurement, with the same result.
import { context as contextApi, diag, ROOT_CONTEXT, trace, TraceFlags, type Context, type ContextManager } from '@opentelemetry/api';

/**
 * The built-in exemplar filters (the names of `OTEL_METRICS_EXEMPLAR_FILTER`):
 * - `'trace_based'` (the default): measurements recorded while a sampled span is active
 *   (in the context passed to the measurement, or else the active context);
 * - `'always_on'`: every measurement;
 * - `'always_off'`: none (recording then does no exemplar work at all).
 */
export type ExemplarFilter = 'always_on' | 'always_off' | 'trace_based';

/** The filter names, for `exemplarFilter` option values written without string literals. */
export const ExemplarFilter = Object.freeze({
  ALWAYS_ON: 'always_on',
  ALWAYS_OFF: 'always_off',
  TRACE_BASED: 'trace_based',
} as const);

/** The specification's default filter. */
export const DEFAULT_EXEMPLAR_FILTER: ExemplarFilter = 'trace_based';

const FILTERS: readonly string[] = ['always_on', 'always_off', 'trace_based'];

/** Whether `value` names a built-in filter (exactly, lower case). */
export function isExemplarFilter(value: unknown): value is ExemplarFilter {
  return typeof value === 'string' && FILTERS.includes(value);
}

/**
 * The filter from `OTEL_METRICS_EXEMPLAR_FILTER` (case-insensitive, trimmed), or undefined when
 * unset or empty. A value that names no filter is reported with diag.warn and ignored (the
 * default applies): telemetry configuration never stops an application.
 */
export function readExemplarFilterEnv(env: NodeJS.ProcessEnv = process.env): ExemplarFilter | undefined {
  const raw = env.OTEL_METRICS_EXEMPLAR_FILTER;
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (isExemplarFilter(value)) return value;
  diag.warn(`Environment variable OTEL_METRICS_EXEMPLAR_FILTER="${raw}" is not one of ${FILTERS.join(', ')}; using the default (${DEFAULT_EXEMPLAR_FILTER})`);
  return undefined;
}

/** A filter as the hot path tests it (a small integer compares faster than a string). */
export type FilterMode = 0 | 1 | 2;
/** always_off: no exemplar work at all. */
export const FILTER_OFF = 0;
/** trace_based: only when a sampled span is active. */
export const FILTER_TRACE_BASED = 1;
/** always_on: every measurement is offered. */
export const FILTER_ON = 2;

/** The mode of a filter. */
export function filterMode(filter: ExemplarFilter): FilterMode {
  return filter === 'always_off' ? FILTER_OFF : filter === 'always_on' ? FILTER_ON : FILTER_TRACE_BASED;
}

const API_GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');
type ApiRegistry = { context?: ContextManager };
let registry: ApiRegistry | undefined;
/** A context manager the API was seen to resolve to: safe to call directly while registered. */
let trusted: ContextManager | undefined;

// Read once: the API's CommonJS exports are getters, too slow to call per measurement.
const ROOT: Context = ROOT_CONTEXT;
const SAMPLED: number = TraceFlags.SAMPLED;
const traceApi = trace;
const contextManagers = contextApi;

/**
 * The context a measurement was recorded in: `explicit` when the caller passed one, else the
 * active context. Returns ROOT_CONTEXT without calling the API when no context manager is
 * registered (see the header).
 */
export function measurementContext(explicit: Context | undefined): Context {
  if (explicit !== undefined && explicit !== null) return explicit;
  const r = registry ?? findRegistry();
  if (r === undefined) return ROOT;
  const manager = r.context;
  if (manager === undefined) return ROOT;
  if (manager === trusted) return manager.active();
  return activeThroughApi(manager);
}

/** `context.active()`, and trusts `manager` when the API resolves to it (its private resolver, when present, tells). */
function activeThroughApi(manager: ContextManager): Context {
  const active = contextManagers.active();
  const resolve = (contextManagers as unknown as { _getContextManager?: () => unknown })._getContextManager;
  if (typeof resolve === 'function' && resolve.call(contextManagers) === manager) trusted = manager;
  return active;
}

/** The trace-based filter: true when the span of `ctx` is valid and has the sampled flag. */
export function hasSampledSpan(ctx: Context): boolean {
  if (ctx === ROOT) return false;
  const spanContext = traceApi.getSpanContext(ctx);
  return spanContext !== undefined && (spanContext.traceFlags & SAMPLED) !== 0 && traceApi.isSpanContextValid(spanContext);
}

/**
 * The hot path's first test, small enough to be inlined into every recording method without
 * pushing the aggregator's own code out of V8's inlining budget: false when the filter surely
 * rejects the measurement (trace_based, no context passed, no context manager registered).
 * True means "ask passingContext".
 */
export function mayPass(mode: FilterMode, explicit: Context | undefined): boolean {
  return mode === FILTER_ON || explicit !== undefined || (registry ?? findRegistry())?.context !== undefined;
}

function findRegistry(): ApiRegistry | undefined {
  return (registry = (globalThis as { [API_GLOBAL_KEY]?: ApiRegistry })[API_GLOBAL_KEY]);
}

/**
 * The hot path's whole filter: the measurement's context when the filter `mode` (not
 * FILTER_OFF, which callers test first) lets the measurement through, else undefined.
 */
export function passingContext(mode: FilterMode, explicit: Context | undefined): Context | undefined {
  const ctx = measurementContext(explicit);
  return mode === FILTER_ON || hasSampledSpan(ctx) ? ctx : undefined;
}
