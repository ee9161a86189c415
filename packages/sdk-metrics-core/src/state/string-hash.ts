// Hashes of attribute strings (attribute-hash.ts). A string is hashed character by
// character (FNV-1a), which costs what reading each character costs: about 1.3 ns a
// character on a flat string and 2.5 on one built by concatenation (V8 keeps `a + b` of 13
// characters or more as a tree of its parts, and every read walks it). A fresh literal per
// call hashes its values on every call, so a 45-character route was half of a lookup.
//
// Long strings are looked up in a bounded Map first: V8 keeps a string's own hash in the
// string, and a Map.get costs about 12 ns whatever the length (content equality decides,
// so an equal string built anew hits too). Below LONG_STRING characters the Map costs more
// than it saves. Measured (a fresh literal per call over 1,000 sets, one node process per
// variant, pinned to one CPU): 45-character routes built by a template 170 -> 97 ns a call,
// the same routes flat 139 -> 97 ns; 9-character routes unchanged (83-85 ns).
//
// When the Map keeps missing (more long strings in turn than it holds, such as ids in
// attributes), each call would pay the probe and an insertion for nothing (10,000 routes
// in turn: 176 -> 429 ns with a Map cleared when full). So the memo reviews itself every
// EPOCH lookups: while at least half hit, or while it is still filling, it goes on; else it
// empties and stands aside (strings are hashed directly) for a span of calls that doubles
// each time up to MAX_BYPASS, and returns to EPOCH once an epoch pays again.
//
// The memo is a cache of a pure function: hash() always returns hashChars(value), so
// hashes are the same with or without it, in every table and on every path.
// Memory: at most CAPACITY entries, strings of at most MAX_LENGTH characters (about 2 MiB
// at worst, two-byte strings of the longest kind; most are strings the series' stored
// sets hold anyway).

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `value`, from `seed`. */
export function hashChars(value: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Strings this long and longer are looked up in the memo (shorter ones hash faster than a Map.get). */
export const LONG_STRING = 16;
/** Longer strings are hashed directly (attribute-hash.ts), never kept: bounds the memory the memo holds. */
export const MAX_LENGTH = 256;

export interface StringHashMemoOptions {
  /** Entries kept at most. */
  capacity?: number;
  /** Lookups between reviews. */
  epoch?: number;
  /** The longest span of calls the memo stands aside for. */
  maxBypass?: number;
}

/** hashChars(value, FNV_OFFSET) of long strings, remembered while that pays (see the header). */
export class StringHashMemo {
  private readonly map = new Map<string, number>();
  private capacity = 0;
  private epoch = 0;
  private maxBypass = 0;
  private lookups = 0;
  private hits = 0;
  /** Calls left to hash directly before the memo is consulted again. */
  private bypass = 0;
  /** The next bypass span: `epoch` after an epoch that paid, doubled by each that did not. */
  private nextBypass = 0;

  constructor(options: StringHashMemoOptions = {}) {
    this.reset(options);
  }

  /** Empties the memo and sets its parameters (tests: see stringHashMemoForTesting). */
  reset(options: StringHashMemoOptions): void {
    this.capacity = options.capacity ?? 4096;
    this.epoch = options.epoch ?? 4096;
    this.maxBypass = options.maxBypass ?? 1 << 20;
    this.nextBypass = this.epoch;
    this.map.clear();
    this.lookups = 0;
    this.hits = 0;
    this.bypass = 0;
  }

  /** hashChars(value, FNV_OFFSET); kept only if `value` has at most MAX_LENGTH characters. */
  hash(value: string): number {
    if (this.bypass > 0) {
      this.bypass--;
      return hashChars(value, FNV_OFFSET);
    }
    let h = this.map.get(value);
    if (h !== undefined) this.hits++;
    else {
      h = hashChars(value, FNV_OFFSET);
      if (this.map.size < this.capacity && value.length <= MAX_LENGTH) this.map.set(value, h);
    }
    if (++this.lookups === this.epoch) this.review();
    return h;
  }

  /** Entries kept. */
  get size(): number {
    return this.map.size;
  }

  /** Whether the memo is standing aside (hashing directly) after epochs that did not pay. */
  get bypassing(): boolean {
    return this.bypass > 0;
  }

  private review(): void {
    if (this.hits * 2 >= this.lookups || this.map.size < this.capacity) {
      this.nextBypass = this.epoch;
    } else {
      this.map.clear();
      this.bypass = this.nextBypass;
      this.nextBypass = Math.min(this.nextBypass * 2, this.maxBypass);
    }
    this.lookups = 0;
    this.hits = 0;
  }
}

/** The memo every series table's hashes go through (attribute-hash.ts). */
export const longStringHashes = new StringHashMemo();

/**
 * Test seam: gives the shared memo other parameters (tiny ones make it fill, miss, stand aside
 * and come back within a few calls, so that the model-based tests reach every path). Returns
 * the undo.
 */
export function stringHashMemoForTesting(options: StringHashMemoOptions): () => void {
  longStringHashes.reset(options);
  return () => longStringHashes.reset({});
}
