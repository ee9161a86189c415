// A deliberately naive reference model of meterkit's streams, written from the rules in
// docs/series-identity.md and the specification, not from the implementation: series are
// kept in JavaScript Maps keyed by a canonical string of the attribute set, and nothing is
// optimised. The model-based tests drive it and the real MeterProvider with the same
// operations and compare what they export.
import type { Attributes } from '@opentelemetry/api';

export const OVERFLOW_KEY = '<overflow>';

/** Canonical form of one valid value, or undefined for a value that is not an attribute value. */
function canonicalValue(value: unknown): string | undefined {
  const scalar = (v: unknown): string | undefined => {
    if (typeof v === 'string') return `s${JSON.stringify(v)}`;
    if (typeof v === 'number') return Object.is(v, -0) ? 'n0' : `n${String(v)}`;
    if (typeof v === 'boolean') return `b${v}`;
    return undefined;
  };
  if (!Array.isArray(value)) return scalar(value);
  const types = new Set(value.filter((e) => e !== null && e !== undefined).map((e) => typeof e));
  if (types.size > 1) return undefined;
  const parts: string[] = [];
  for (const e of value) {
    if (e === null || e === undefined) parts.push('null');
    else {
      const s = scalar(e);
      if (s === undefined) return undefined;
      parts.push(s);
    }
  }
  return `[${parts.join(',')}]`;
}

/**
 * The identity of an attribute set: its own enumerable keys (those `allow` keeps) with a
 * valid value, sorted. Invalid values drop their key.
 */
export function modelKey(attributes: Attributes | undefined, allow?: ReadonlySet<string>): string {
  if (attributes === undefined || attributes === null) return '[]';
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(attributes)) {
    if (allow !== undefined && !allow.has(key)) continue;
    const value = canonicalValue(attributes[key]);
    if (value !== undefined) pairs.push([key, value]);
  }
  pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return JSON.stringify(pairs);
}

/** A copy of the own keys and values of `attributes` as they are now (arrays copied), for later use. */
export function snapshot(attributes: Attributes | undefined): Attributes | undefined {
  if (attributes === undefined || attributes === null) return attributes;
  const copy = Object.create(null) as Attributes;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    Object.defineProperty(copy, key, { value: Array.isArray(value) ? value.slice() : value, enumerable: true });
  }
  return copy;
}

/** The key of an exported point: the overflow set has its own key. */
export function exportedKey(attributes: Attributes): string {
  if (attributes['otel.metric.overflow'] === true && Object.keys(attributes).length === 1) return OVERFLOW_KEY;
  return modelKey(attributes);
}

export type Kind = 'sum' | 'monotonic-sum' | 'gauge' | 'histogram';

/** A point value as compared: a number (sums, gauges) or a histogram summary. */
export type ModelValue = number | { count: number; sum: number; min: number; max: number };

class ModelState {
  total = 0;
  last = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;
  updated = false;
  pins = 0;

  constructor(readonly key: string) {}

  record(value: number): void {
    this.total += value;
    this.last = value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.updated = true;
  }

  reset(): void {
    this.total = 0;
    this.count = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.updated = false;
  }

  value(kind: Kind): ModelValue {
    if (kind === 'gauge') return this.last;
    if (kind === 'histogram') return { count: this.count, sum: this.total, min: this.min, max: this.max };
    return this.total;
  }
}

export interface ModelBinding {
  state: ModelState;
  readonly key: string;
  parked: boolean;
  active: boolean;
}

export interface ModelPoint {
  key: string;
  value: ModelValue;
}

/**
 * A synchronous stream: at most `limit` series (then the overflow series); delta streams
 * forget every series no bound handle holds after each collection, and move handles
 * parked on the overflow series to their own series where there is room again.
 */
export class SyncStreamModel {
  private series = new Map<string, ModelState>();
  private overflow: ModelState | undefined;
  private parked: ModelBinding[] = [];

  constructor(
    readonly kind: Kind,
    readonly delta: boolean,
    readonly limit: number,
    readonly allow?: ReadonlySet<string>,
  ) {}

  private lookup(key: string): ModelState {
    const existing = this.series.get(key);
    if (existing !== undefined) return existing;
    if (this.series.size >= this.limit) return (this.overflow ??= new ModelState(OVERFLOW_KEY));
    const state = new ModelState(key);
    this.series.set(key, state);
    return state;
  }

  record(attributes: Attributes | undefined, value: number): void {
    this.lookup(modelKey(attributes, this.allow)).record(value);
  }

  bind(attributes: Attributes | undefined): ModelBinding {
    const key = modelKey(attributes, this.allow);
    const state = this.lookup(key);
    state.pins++;
    const binding: ModelBinding = { state, key, parked: state === this.overflow, active: true };
    if (binding.parked) this.parked.push(binding);
    return binding;
  }

  unbind(binding: ModelBinding): void {
    if (!binding.active) return;
    binding.active = false;
    binding.state.pins--;
  }

  collect(): ModelPoint[] {
    const points: ModelPoint[] = [];
    const all = [...this.series.values(), ...(this.overflow ? [this.overflow] : [])];
    for (const state of all) if (state.updated) points.push({ key: state.key, value: state.value(this.kind) });
    if (this.delta) {
      for (const state of all) state.reset();
      this.series = new Map([...this.series].filter(([, s]) => s.pins > 0));
      const waiting = this.parked;
      this.parked = [];
      for (const binding of waiting) {
        if (!binding.active) continue;
        const state = this.lookup(binding.key);
        if (state === binding.state) {
          this.parked.push(binding);
          continue;
        }
        state.pins++;
        binding.state.pins--;
        binding.state = state;
        binding.parked = false;
      }
      if (this.overflow !== undefined && this.overflow.pins === 0) this.overflow = undefined;
    }
    return points;
  }
}

/**
 * An asynchronous stream: each collection aggregates that round's observations (the last
 * observation of a set wins; sets merged by the attribute filter are summed, or the last
 * one wins for gauges) into at most `limit` series, then derives delta or cumulative
 * points from what the previous collections remembered.
 */
export class AsyncStreamModel {
  private previous = new Map<string, number>();

  constructor(
    readonly kind: Kind,
    readonly delta: boolean,
    readonly limit: number,
    readonly allow?: ReadonlySet<string>,
  ) {}

  /** `observations`: the round's [attributes, value] in order; `complete`: no callback of the instrument failed. */
  collect(observations: ReadonlyArray<[Attributes | undefined, number]>, complete: boolean): ModelPoint[] {
    const round = new Map<string, [Attributes | undefined, number]>();
    for (const [attributes, value] of observations) round.set(modelKey(attributes), [attributes, value]);
    const table = new Map<string, number>();
    let overflow: number | undefined;
    for (const [attributes, value] of round.values()) {
      const key = modelKey(attributes, this.allow);
      const merge = (before: number | undefined) => (this.kind === 'gauge' || before === undefined ? value : before + value);
      if (table.has(key)) table.set(key, merge(table.get(key)));
      else if (table.size >= this.limit) overflow = merge(overflow);
      else table.set(key, value);
    }
    if (overflow !== undefined) table.set(OVERFLOW_KEY, overflow);
    const points: ModelPoint[] = [];
    const next = new Map<string, number>();
    for (const [key, value] of table) {
      const before = this.previous.get(key);
      const wentBack = this.kind === 'monotonic-sum' && before !== undefined && value < before;
      let exported = value;
      if (this.delta && this.kind !== 'gauge' && before !== undefined && !wentBack) exported = value - before;
      points.push({ key, value: exported });
      next.set(key, value);
    }
    // After a failed round, unobserved series are remembered, up to limit + 1 in all.
    if (!complete) {
      for (const [key, value] of this.previous) {
        if (next.size >= this.limit + 1) break;
        if (!next.has(key)) next.set(key, value);
      }
    }
    this.previous = next;
    return points;
  }
}
