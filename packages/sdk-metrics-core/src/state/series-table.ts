// Finds the series of an attribute set. This is the recording hot path, so the common
// cases cost no allocation, no sorting and no string building:
//  1. the same keys and values, in the same order, as the previous call (the same object
//     again, or a literal of the same shape): compared against two small arrays;
//  2. otherwise an order-independent hash of the set (attribute-hash.ts) finds candidate
//     series in an open-addressing index, and the set is compared with theirs;
//  3. on a miss, the set is validated, copied and stored under the hash of the copy.
// Memory per series is the copy of its attributes, its accumulation (which is also the
// series) and two index slots.
import type { Attributes } from '@opentelemetry/api';
import type { Accumulation } from '../aggregators/aggregator';
import type { AttributesProcessor } from '../view/attributes-processor';
import { hashAttributes, hashKey, hashPairWithKeyHash, hashSeam } from './attribute-hash';
import { describeInvalidKeys, isValidArray, sameAttributes, sanitizeAttributes } from './canonical-attributes';
import { SeriesIndex } from './series-index';

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
const hasOwnProperty = Object.prototype.hasOwnProperty;
/** The attribute set of the overflow series (specification: cardinality limits). */
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

export interface SeriesTableOptions<A extends Accumulation> {
  createAccumulation: () => A;
  /** Distinct non-overflow series allowed; the next new set goes to the overflow series. */
  cardinalityLimit: number;
  attributesProcessor?: AttributesProcessor;
  /** Called (rarely: on misses) with a description of dropped invalid attributes. */
  onInvalidAttributes?: (message: string) => void;
}

/** A bound handle's pin; `parked` while it holds the overflow series and waits for room. */
export interface PinnedSeries<A extends Accumulation = Accumulation> {
  series: A;
  parked: boolean;
}

interface ParkedPin<A extends Accumulation> {
  readonly pinned: PinnedSeries<A>;
  /** A copy of the set as bound (before any attribute processor), looked up again later. */
  readonly attributes: Attributes;
  readonly moveTo: (series: A) => void;
}

/**
 * `stored` (a sanitized copy: undefined entries became null) holds the elements of the
 * input array `input` (valid, see isValidArray), NaN equal to NaN.
 */
function sameArray(stored: unknown, input: unknown): boolean {
  if (!Array.isArray(stored) || !Array.isArray(input) || stored.length !== input.length) return false;
  for (let i = 0; i < input.length; i++) {
    const x: unknown = stored[i];
    const v: unknown = input[i];
    if (x === v || (x !== x && v !== v) || (x === null && v === undefined)) continue;
    return false;
  }
  return true;
}

export class SeriesTable<A extends Accumulation> {
  private readonly index = new SeriesIndex<A>();
  /**
   * Emptied accumulations of forgotten series (delta), reused for new series so that a
   * busy delta stream does not reallocate its series every interval. At most `limit`.
   */
  private spare: A[] = [];
  private empty: A | undefined;
  private overflowSeries: A | undefined;
  /** Bound handles that got the overflow series (bound at the limit), oldest first. */
  private parkedPins: ParkedPin<A>[] = [];
  /** The previous call's attributes as enumerated (kept keys and values, in order) and its series. */
  private lastSeries: A | undefined;
  private readonly lastKeys: string[] = [];
  private readonly lastValues: unknown[] = [];
  /** Hash of each (key, value) pair of the previous call: reused when a pair repeats in place. */
  private readonly lastPairHashes: number[] = [];
  /** hashKey() of each key of the previous call: reused when the key repeats in place. */
  private readonly lastKeyHashes: number[] = [];
  private lastLength = 0;
  /**
   * Number of kept attributes of the current input, or -1 when one of its values is not a
   * string, number, boolean or valid array of them (then only the slow path may compare it).
   */
  private inputLength = 0;
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

  lookup(attributes: Attributes | undefined): A {
    if (attributes === undefined || attributes === null) {
      return this.empty ?? (this.empty = this.lookup(EMPTY_ATTRIBUTES));
    }
    if (this.process !== undefined) attributes = this.process(attributes);
    const last = this.lastSeries;
    if (last !== undefined && this.isLastCall(attributes)) return last;
    // One pass over the input both hashes it and copies its keys and values into the
    // previous-call arrays, which the comparison below then reads instead of the object.
    const hash = this.hashIntoLastCall(attributes) & hashSeam.mask;
    // Only a set of plain values can be compared with a stored set as it is; any other
    // (an undefined value, an array) is sanitized first.
    const series = (this.inputLength >= 0 ? this.find(hash) : undefined) ?? this.miss(attributes);
    if (this.lastLength >= 0) this.lastSeries = series;
    return series;
  }

  /** The series of `attributes`, pinned for a bound handle (see PinnedSeries). */
  pin(attributes: Attributes | undefined, moveTo: (series: A) => void): PinnedSeries<A> {
    const series = this.lookup(attributes);
    series.pins++;
    const pinned: PinnedSeries<A> = { series, parked: false };
    if (series === this.overflowSeries) {
      pinned.parked = true;
      const copy = attributes == null ? EMPTY_ATTRIBUTES : sanitizeAttributes(attributes, undefined).attributes;
      this.parkedPins.push({ pinned, attributes: copy, moveTo });
    }
    return pinned;
  }

  /** Calls `fn` for every series, overflow last. */
  forEach(fn: (series: A) => void): void {
    this.index.forEach(fn);
    if (this.overflowSeries !== undefined) fn(this.overflowSeries);
  }

  /**
   * Delta temporality, after a collection: forgets every series that no bound handle
   * holds, so each interval starts empty — memory does not grow with churn, and the
   * cardinality limit applies to the sets seen within one interval.
   */
  forgetUnpinned(): void {
    const spare = this.spare;
    const limit = this.limit;
    this.index.retain((series) => {
      if (series.pins > 0) return true;
      // Only empty accumulations are kept for reuse (the delta collection reset them).
      if (!series.updated && spare.length < limit) spare.push(series);
      return false;
    });
    this.lastSeries = undefined;
    this.empty = undefined;
    this.unparkPins();
    if (this.overflowSeries !== undefined && this.overflowSeries.pins === 0) this.overflowSeries = undefined;
  }

  /**
   * Moves the handles parked on the overflow series to their own series where the emptied
   * table now has room (oldest binding first), so that a handle bound at the limit does
   * not report into the overflow series for its whole life.
   */
  private unparkPins(): void {
    const waiting = this.parkedPins;
    if (waiting.length === 0) return;
    this.parkedPins = [];
    for (const parked of waiting) {
      const pinned = parked.pinned;
      if (!pinned.parked) continue; // unbound meanwhile
      let series: A;
      try {
        series = this.lookup(parked.attributes);
      } catch {
        series = pinned.series; // the processor threw: stay where it is
      }
      if (series === pinned.series) {
        this.parkedPins.push(parked);
        continue;
      }
      series.pins++;
      pinned.series.pins--;
      pinned.series = series;
      pinned.parked = false;
      parked.moveTo(series);
    }
  }

  /** True when `attributes` enumerates exactly the keys and values of the previous call. */
  private isLastCall(attributes: Attributes): boolean {
    const keys = this.lastKeys;
    const values = this.lastValues;
    const n = this.lastLength;
    const keepKey = this.keepKey;
    let i = 0;
    for (const key in attributes) {
      if (!hasOwnProperty.call(attributes, key)) continue;
      if (keepKey !== undefined && !keepKey(key)) continue;
      if (i === n || keys[i] !== key || values[i] !== attributes[key]) return false;
      i++;
    }
    return i === n;
  }

  /**
   * Hashes `attributes` (kept keys only) and records its keys and values as the previous
   * call. A set holding an array is never matched by identity (arrays can change in
   * place): lastLength is then -1 and the previous-call cache stays off.
   */
  private hashIntoLastCall(attributes: Attributes): number {
    const keys = this.lastKeys;
    const values = this.lastValues;
    const pairHashes = this.lastPairHashes;
    const keyHashes = this.lastKeyHashes;
    const keepKey = this.keepKey;
    this.lastSeries = undefined;
    let hash = 0;
    let i = 0;
    let cacheable = true;
    let plain = true;
    for (const key in attributes) {
      if (!hasOwnProperty.call(attributes, key)) continue; // inherited keys are not attributes
      if (keepKey !== undefined && !keepKey(key)) continue;
      const value = attributes[key];
      const type = typeof value;
      if (type !== 'string' && type !== 'number' && type !== 'boolean') {
        if (type === 'object' && value !== null) cacheable = false;
        // A valid array is compared element by element with the stored copy (holdsInput);
        // undefined, null, objects, invalid arrays: only the slow path knows what they become.
        if (!Array.isArray(value) || !isValidArray(value)) plain = false;
      }
      // Sets of one shape usually differ in a value or two: pairs equal to the previous
      // call's at the same position keep their hash, and a key in the same position keeps
      // its key hash (strings are hashed char by char).
      let pairHash: number;
      if (i < pairHashes.length && keys[i] === key) {
        if (values[i] === value && typeof value !== 'object') {
          pairHash = pairHashes[i];
        } else {
          pairHash = hashPairWithKeyHash(keyHashes[i], value);
          values[i] = value;
          pairHashes[i] = pairHash;
        }
      } else {
        const keyHash = hashKey(key);
        pairHash = hashPairWithKeyHash(keyHash, value);
        keys[i] = key;
        keyHashes[i] = keyHash;
        values[i] = value;
        pairHashes[i] = pairHash;
      }
      hash = (hash + pairHash) | 0;
      i++;
    }
    this.lastLength = cacheable ? i : -1;
    this.inputLength = plain ? i : -1;
    return hash;
  }

  /** The series whose set equals the input just recorded by hashIntoLastCall, if any. */
  private find(hash: number): A | undefined {
    const index = this.index;
    for (let slot = index.start(hash); ; slot = index.next(slot)) {
      const series = index.seriesAt(slot);
      if (series === undefined) return undefined;
      if (index.hashAt(slot) === hash && this.holdsInput(series)) return series;
    }
  }

  /**
   * True when `series` has exactly the keys and values recorded from the input. Only called
   * for inputs of plain values (strings, numbers, booleans, valid arrays of them): such a
   * value can equal `stored[key]` only if the stored set has that key (a missing key reads
   * as undefined or as an inherited object member, neither a plain value nor an array), and
   * with the same key count the key sets are then equal.
   */
  private holdsInput(series: A): boolean {
    const n = this.inputLength;
    if (n !== series.size) return false;
    const stored = series.attributes;
    const keys = this.lastKeys;
    const values = this.lastValues;
    for (let i = 0; i < n; i++) {
      const x = stored[keys[i]];
      const v = values[i];
      if (x !== v && (x === x || v === v) && !sameArray(x, v)) return false; // NaN equals NaN
    }
    return true;
  }

  /** Slow path: validate and copy the set, then find it by value or create its series. */
  private miss(attributes: Attributes): A {
    const sanitized = sanitizeAttributes(attributes, this.keepKey);
    if (sanitized.invalidKeys.length > 0 && this.onInvalid !== undefined) {
      this.onInvalid(describeInvalidKeys(sanitized.invalidKeys));
    }
    // The copy may differ from the input (dropped keys, array copies): look it up by value.
    const index = this.index;
    const hash = hashAttributes(sanitized.attributes, undefined) & hashSeam.mask;
    for (let slot = index.start(hash); ; slot = index.next(slot)) {
      const series = index.seriesAt(slot);
      if (series === undefined) break;
      if (index.hashAt(slot) === hash && sameAttributes(series.attributes, sanitized.attributes)) return series;
    }
    if (index.size >= this.limit) return this.overflowSeries ?? this.createOverflow();
    const series = (this.spare.pop() ?? this.createAccumulation()).identify(sanitized.attributes);
    index.insert(hash, series);
    // The specification asks for the overflow aggregator to exist before the limit is reached.
    if (index.size >= this.limit && this.overflowSeries === undefined) this.createOverflow();
    return series;
  }

  private createOverflow(): A {
    return (this.overflowSeries = this.createAccumulation().identify(OVERFLOW_ATTRIBUTES));
  }
}
