// OpenTelemetry exemplars → Prometheus exemplars, before any format is written: which exemplar
// goes on which sample and with which labels (specification, "Prometheus and OpenMetrics
// compatibility", Exemplars). A pull endpoint carries at most one exemplar per sample:
// - a counter's `_total` sample gets the point's latest exemplar;
// - each histogram bucket gets the largest exemplar whose value lies in that bucket's own
//   range, and a bucket with none gets the highest one from a lower bucket (the specification's
//   MUST: buckets are cumulative, so that value lies within `le` too);
// - gauges and non-monotonic sums get none (the specification: dropped).
// Labels: `trace_id`, `span_id` (when the exemplar has a valid span), then the filtered
// attributes under their label names, within OpenMetrics' 128-character limit on the label set.
// The ids take at most 63 characters, so they always fit; filtered attributes are added in
// their order while the set stays within the limit, and the ones that would exceed it are left
// off. Exemplars from a foreign producer can be malformed: one whose value is not a finite
// number or whose timestamp is not a valid HrTime is dropped; ids that are not hex of the right
// length are left off (as the OTLP encoder does); nothing here throws.
import type { HrTime } from '@opentelemetry/api';
import type { DataPoint, Exemplar } from '@meterkit/sdk-metrics-core';
import { attributeValueToString } from './exposition-format';
import { joinLabelSources, type LabelSource } from './label-rules';
import { sanitizeLabelName } from './naming';
import type { Label } from './rendered-labels';

/** OpenMetrics: "The combined length of the label names and values of an Exemplar's LabelSet MUST NOT exceed 128 UTF-8 character code points." */
export const EXEMPLAR_LABEL_SET_LIMIT = 128;

const TRACE_ID = 'trace_id';
const SPAN_ID = 'span_id';
const TRACE_ID_HEX = /^[0-9a-fA-F]{32}$/;
const SPAN_ID_HEX = /^[0-9a-fA-F]{16}$/;

/** An exemplar as Prometheus carries it: labels within the limit, a finite value, a valid timestamp. */
export interface PromExemplar {
  readonly labels: readonly Label[];
  readonly value: number;
  readonly timestamp: HrTime;
}

function validTimestamp(time: unknown): time is HrTime {
  if (!Array.isArray(time) || time.length !== 2) return false;
  const [seconds, nanos] = time as unknown[];
  return (
    typeof seconds === 'number' &&
    typeof nanos === 'number' &&
    Number.isSafeInteger(seconds) &&
    seconds >= 0 &&
    Number.isInteger(nanos) &&
    nanos >= 0 &&
    nanos < 1e9
  );
}

function usable(exemplar: unknown): exemplar is Exemplar {
  if (exemplar === null || typeof exemplar !== 'object') return false;
  try {
    // Every field is read once here, so that one whose getter throws drops the exemplar before
    // it is chosen for a sample (and another one can be).
    const { value, timestamp, traceId, spanId, filteredAttributes } = exemplar as Exemplar;
    void traceId;
    void spanId;
    void filteredAttributes;
    return typeof value === 'number' && Number.isFinite(value) && validTimestamp(timestamp);
  } catch {
    return false; // a throwing getter or Proxy trap (foreign data)
  }
}

/** The point's exemplars that can be exported; [] when it has none (the common case, no allocation). */
export function usableExemplars(point: DataPoint<unknown>): readonly Exemplar[] {
  try {
    const exemplars: unknown = point.exemplars;
    if (!Array.isArray(exemplars) || exemplars.length === 0) return NONE;
    let all = true;
    for (const exemplar of exemplars) if (!usable(exemplar)) all = false;
    return all ? (exemplars as Exemplar[]) : exemplars.filter(usable);
  } catch {
    return NONE; // an unreadable list (a Proxy in foreign data): no exemplars for this point
  }
}

const NONE: readonly Exemplar[] = Object.freeze([]);

/** Code points, as OpenMetrics counts them (a surrogate pair is one). */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function filteredSources(exemplar: Exemplar, idNames: readonly string[]): LabelSource[] {
  const sources: LabelSource[] = [];
  const attributes: unknown = exemplar.filteredAttributes;
  if (attributes === null || typeof attributes !== 'object') return sources;
  try {
    for (const key of Object.keys(attributes)) {
      const value = attributeValueToString((attributes as Record<string, unknown>)[key]);
      if (value === undefined) continue;
      const name = sanitizeLabelName(key);
      // An attribute that would take the name of an id would corrupt the trace link: left off.
      if (idNames.includes(name)) continue;
      sources.push({ key, name, value });
    }
  } catch {
    // A throwing getter or Proxy among the attributes (foreign data): the ones read so far stay.
  }
  return sources;
}

const ID_NAMES: readonly string[] = [TRACE_ID, SPAN_ID];
const NO_NAMES: readonly string[] = [];
const ID_LENGTH = TRACE_ID.length + 32 + SPAN_ID.length + 16;

function hasKeys(attributes: unknown): boolean {
  if (attributes === null || typeof attributes !== 'object') return false;
  try {
    for (const _ in attributes) return true;
  } catch {
    return false; // a Proxy whose keys cannot be listed (foreign data): no filtered attributes
  }
  return false;
}

/** The exemplar's label set within the limit (see the header). */
export function exemplarLabels(exemplar: Exemplar): Label[] {
  const labels: Label[] = [];
  const { traceId, spanId } = exemplar;
  const withIds = typeof traceId === 'string' && typeof spanId === 'string' && TRACE_ID_HEX.test(traceId) && SPAN_ID_HEX.test(spanId);
  if (withIds) labels.push([TRACE_ID, traceId.toLowerCase()], [SPAN_ID, spanId.toLowerCase()]);
  // Most exemplars have no filtered attributes (no view removed any): nothing more to do.
  if (!hasKeys(exemplar.filteredAttributes)) return labels;
  let length = withIds ? ID_LENGTH : 0;
  for (const [name, value] of joinLabelSources(filteredSources(exemplar, withIds ? ID_NAMES : NO_NAMES))) {
    const size = codePoints(name) + codePoints(value);
    if (length + size > EXEMPLAR_LABEL_SET_LIMIT) continue;
    length += size;
    labels.push([name, value]);
  }
  return labels;
}

/** undefined when the exemplar cannot be read (a throwing getter or Proxy trap in foreign data): it is dropped. */
function toProm(exemplar: Exemplar): PromExemplar | undefined {
  try {
    return { labels: exemplarLabels(exemplar), value: exemplar.value, timestamp: exemplar.timestamp };
  } catch {
    return undefined;
  }
}

function compareTime(a: HrTime, b: HrTime): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** The exemplar of a counter's `_total` sample: the latest one (the last of equal times), or undefined. */
export function counterExemplar(point: DataPoint<unknown>): PromExemplar | undefined {
  const exemplars = usableExemplars(point);
  let latest: Exemplar | undefined;
  for (const exemplar of exemplars) if (latest === undefined || compareTime(exemplar.timestamp, latest.timestamp) >= 0) latest = exemplar;
  return latest === undefined ? undefined : toProm(latest);
}

/** Index of the bucket holding `value`: the first bound ≥ value, or `boundaries.length` (the +Inf bucket). */
function bucketIndex(boundaries: readonly number[], value: number): number {
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (boundaries[mid]! >= value) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * One entry per bucket (`boundaries.length + 1`, the last the +Inf bucket): the exemplar for
 * that bucket's sample, or undefined (below the lowest exemplar). Undefined when the point has
 * no exemplar at all, so points without any cost one check.
 */
export function bucketExemplars(point: DataPoint<unknown>, boundaries: readonly number[]): Array<PromExemplar | undefined> | undefined {
  const exemplars = usableExemplars(point);
  if (exemplars.length === 0) return undefined;
  const own: Array<Exemplar | undefined> = new Array(boundaries.length + 1);
  for (const exemplar of exemplars) {
    const index = bucketIndex(boundaries, exemplar.value);
    const kept = own[index];
    // Largest in the bucket; of equal values the latest.
    if (kept === undefined || exemplar.value > kept.value || (exemplar.value === kept.value && compareTime(exemplar.timestamp, kept.timestamp) >= 0)) {
      own[index] = exemplar;
    }
  }
  const chosen: Array<PromExemplar | undefined> = new Array(boundaries.length + 1);
  let carried: PromExemplar | undefined;
  for (let i = 0; i <= boundaries.length; i++) {
    const exemplar = own[i];
    // Own exemplars grow with the bucket index, so the carried one is the highest from below.
    if (exemplar !== undefined) carried = toProm(exemplar) ?? carried;
    chosen[i] = carried;
  }
  return chosen;
}

/** Every usable exemplar of the point (native histograms carry them all). */
export function allExemplars(point: DataPoint<unknown>): PromExemplar[] {
  const out: PromExemplar[] = [];
  for (const exemplar of usableExemplars(point)) {
    const prom = toProm(exemplar);
    if (prom !== undefined) out.push(prom);
  }
  return out;
}
