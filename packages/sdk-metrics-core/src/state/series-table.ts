// Finds the series of an attribute set. This is the recording hot path, so the common
// cases cost no allocation, no sorting and no string building:
//  1. the same keys and values, in the same order, as the previous call (the same object
//     again, or a literal of the same shape): compared against two small arrays;
//  2. a trie keyed by (attribute key, value) in the caller's key order, whose leaves point
//     at series; values are Map keys, so equal primitives meet without hashing strings;
//  3. on a miss, the canonical (sorted, validated) key finds or creates the series and
//     the caller's key order is added to the trie. Different key orders are different
//     trie paths to the same series.
import { hrTime } from '@opentelemetry/core';
import type { Attributes } from '@opentelemetry/api';
import type { Accumulation } from '../aggregators/aggregator';
import type { AttributesProcessor } from '../view/attributes-processor';
import { canonicalize } from './canonical-attributes';
import { OVERFLOW_ATTRIBUTES, Series } from './series';

class TrieNode<A extends Accumulation> {
  /** The attribute key seen first at this depth, and the children by its value. */
  key: string | undefined = undefined;
  values: Map<unknown, TrieNode<A>> | undefined = undefined;
  /** Children under other keys at this depth (mixed shapes). */
  others: Map<string, Map<unknown, TrieNode<A>>> | undefined = undefined;
  series: Series<A> | undefined = undefined;

  childrenFor(key: string): Map<unknown, TrieNode<A>> {
    if (this.values === undefined) {
      this.key = key;
      return (this.values = new Map());
    }
    if (this.key === key) return this.values;
    this.others ??= new Map();
    let values = this.others.get(key);
    if (values === undefined) this.others.set(key, (values = new Map()));
    return values;
  }
}

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});

export interface SeriesTableOptions<A extends Accumulation> {
  createAccumulation: () => A;
  /** Distinct non-overflow series allowed; the next new set goes to the overflow series. */
  cardinalityLimit: number;
  attributesProcessor?: AttributesProcessor;
  /** Called (rarely: on misses) with a description of dropped invalid attributes. */
  onInvalidAttributes?: (message: string) => void;
}

export class SeriesTable<A extends Accumulation> {
  private readonly byKey = new Map<string, Series<A>>();
  private trie = new TrieNode<A>();
  private trieLeaves = 0;
  /** The previous call's attributes as enumerated (kept keys and values, in order) and its series. */
  private lastSeries: Series<A> | undefined;
  private readonly lastKeys: string[] = [];
  private readonly lastValues: unknown[] = [];
  private lastLength = 0;
  private empty: Series<A> | undefined;
  private overflowSeries: Series<A> | undefined;
  private readonly keepKey: ((key: string) => boolean) | undefined;
  private readonly process: ((attributes: Attributes) => Attributes) | undefined;
  private readonly createAccumulation: () => A;
  private readonly limit: number;
  private readonly onInvalid: ((message: string) => void) | undefined;

  constructor(options: SeriesTableOptions<A>) {
    this.createAccumulation = options.createAccumulation;
    this.limit = options.cardinalityLimit;
    this.onInvalid = options.onInvalidAttributes;
    const processor = options.attributesProcessor;
    // A key-filter processor runs inside the lookup (no allocation); any other processor
    // builds a new attributes object first.
    this.keepKey = processor?.keepKey;
    this.process = processor && !processor.keepKey ? (attrs) => processor.process(attrs) : undefined;
  }

  /** Number of non-overflow series held. */
  get size(): number {
    return this.byKey.size;
  }

  get overflow(): Series<A> | undefined {
    return this.overflowSeries;
  }

  lookup(attributes: Attributes | undefined): Series<A> {
    if (attributes === undefined || attributes === null) {
      return this.empty ?? (this.empty = this.miss(EMPTY_ATTRIBUTES));
    }
    if (this.process !== undefined) attributes = this.process(attributes);
    const last = this.lastSeries;
    if (last !== undefined && this.isLastCall(attributes)) return last;
    const series = this.walk(attributes) ?? this.miss(attributes);
    this.rememberLastCall(attributes, series);
    return series;
  }

  /** All series, overflow last. */
  *[Symbol.iterator](): IterableIterator<Series<A>> {
    yield* this.byKey.values();
    if (this.overflowSeries !== undefined) yield this.overflowSeries;
  }

  /**
   * Delta temporality, after a collection: forgets every series that no bound handle
   * holds, so each interval starts empty — memory does not grow with churn, and the
   * cardinality limit applies to the sets seen within one interval. Clears the caches so
   * nothing points at a forgotten series.
   */
  forgetUnpinned(): void {
    let forgotten = false;
    for (const [key, series] of this.byKey) {
      if (series.pins === 0) {
        this.byKey.delete(key);
        forgotten = true;
      }
    }
    if (this.overflowSeries !== undefined && this.overflowSeries.pins === 0) this.overflowSeries = undefined;
    if (forgotten) this.clearCaches();
  }

  private clearCaches(): void {
    this.trie = new TrieNode();
    this.trieLeaves = 0;
    this.lastSeries = undefined;
    this.empty = undefined;
  }

  /** True when `attributes` enumerates exactly the keys and values of the previous call. */
  private isLastCall(attributes: Attributes): boolean {
    const keys = this.lastKeys;
    const values = this.lastValues;
    const n = this.lastLength;
    const keepKey = this.keepKey;
    let i = 0;
    for (const key in attributes) {
      if (keepKey !== undefined && !keepKey(key)) continue;
      if (i === n || keys[i] !== key || values[i] !== attributes[key]) return false;
      i++;
    }
    return i === n;
  }

  private rememberLastCall(attributes: Attributes, series: Series<A>): void {
    const keys = this.lastKeys;
    const values = this.lastValues;
    const keepKey = this.keepKey;
    let i = 0;
    for (const key in attributes) {
      if (keepKey !== undefined && !keepKey(key)) continue;
      const value = attributes[key];
      // Arrays can change in place: a set holding one is never matched by identity.
      if (typeof value === 'object' && value !== null) {
        this.lastSeries = undefined;
        return;
      }
      keys[i] = key;
      values[i] = value;
      i++;
    }
    this.lastLength = i;
    this.lastSeries = series;
  }

  private walk(attributes: Attributes): Series<A> | undefined {
    let node: TrieNode<A> = this.trie;
    const keepKey = this.keepKey;
    for (const key in attributes) {
      if (keepKey !== undefined && !keepKey(key)) continue;
      const values = node.key === key ? node.values : node.others?.get(key);
      if (values === undefined) return undefined;
      const next = values.get(attributes[key]);
      if (next === undefined) return undefined;
      node = next;
    }
    return node.series;
  }

  private remember(attributes: Attributes, series: Series<A>): void {
    // The trie is a cache: bounded, rebuilt on demand.
    if (this.trieLeaves >= 2 * this.limit + 64) this.clearCaches();
    let node: TrieNode<A> = this.trie;
    const keepKey = this.keepKey;
    for (const key in attributes) {
      if (keepKey !== undefined && !keepKey(key)) continue;
      const values = node.childrenFor(key);
      const value = attributes[key];
      let next = values.get(value);
      if (next === undefined) values.set(value, (next = new TrieNode()));
      node = next;
    }
    if (node.series === undefined) this.trieLeaves++;
    node.series = series;
  }

  private miss(attributes: Attributes): Series<A> {
    const canonical = canonicalize(attributes, this.keepKey);
    if (canonical.invalidKeys.length > 0 && this.onInvalid !== undefined) {
      this.onInvalid(
        `dropped attribute(s) ${canonical.invalidKeys.map((k) => JSON.stringify(k)).join(', ')}: ` +
          'values must be strings, numbers, booleans or homogeneous arrays of them',
      );
    }
    let series = this.byKey.get(canonical.key);
    if (series === undefined) {
      if (this.byKey.size >= this.limit) {
        series = this.overflowSeries ?? this.createOverflow();
      } else {
        series = new Series(canonical.attributes, canonical.key, this.createAccumulation(), hrTime());
        this.byKey.set(canonical.key, series);
        // The specification asks for the overflow aggregator to exist before the limit is reached.
        if (this.byKey.size >= this.limit && this.overflowSeries === undefined) this.createOverflow();
      }
    }
    if (canonical.primitive) this.remember(attributes, series);
    return series;
  }

  private createOverflow(): Series<A> {
    return (this.overflowSeries = new Series(OVERFLOW_ATTRIBUTES, '<overflow>', this.createAccumulation(), hrTime()));
  }
}
