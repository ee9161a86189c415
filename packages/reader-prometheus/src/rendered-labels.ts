// A point's labels rendered once, as text, so that every sample line of the point (all the
// `_bucket` lines of a histogram, `_sum`, `_count`, `_created`) reuses the same string
// instead of escaping and joining the labels again.
import { escapeLabelValue } from './exposition-format';

export type Label = readonly [name: string, value: string];

export interface RenderedLabels {
  /**
   * `a="x",b="y"` in output order, values escaped, without braces; '' without labels. Built
   * with one join so that it is a flat string: it is copied into the output once per line.
   */
  body: string;
  /** Order-independent hash of the label set: the sum of `labelHash` over its labels. */
  hash: number;
}

/** `name="escaped value"`: one label as it appears between the braces. */
export function renderLabel(name: string, value: string): string {
  return `${name}="${escapeLabelValue(value)}"`;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** The hash state after a label's name and separator: the seed for hashing its value. */
function nameSeed(name: string): number {
  return Math.imul(fnv1a(name, FNV_OFFSET) ^ 0x3d, FNV_PRIME);
}

/**
 * Murmur3's 32-bit finaliser. FNV-1a of values that differ only in their last characters
 * (`/api/r1`, `/api/r2`, ...) differ in few bits, and sums of such hashes met far more often
 * than random ones would: 92 label sets in 10,000 of the benchmark's series shared a hash,
 * each pair compared through `canonicalKey` on every scrape. Mixed first, none did.
 */
function mix(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * A 32-bit hash of one label (FNV-1a over name, a separator, raw value; then mixed). Label
 * sets hash to the sum of their labels' hashes, so attribute order does not matter; equal
 * hashes are only a hint, sets are compared exactly (`canonicalKey`) when hashes meet.
 */
export function labelHash(name: string, value: string): number {
  return mix(fnv1a(value, nameSeed(name)));
}

/** What every label made from one attribute key shares: computed once per key, not per point. */
export interface LabelName {
  /** The sanitised label name. */
  name: string;
  /** `name="`: the rendered label up to its value. */
  prefix: string;
  /** `nameSeed(name)`, so that `labelHash` only has to hash the value. */
  seed: number;
}

// Attribute keys come from a bounded set in practice; past this size results are not cached.
const MAX_CACHED_NAMES = 10_000;
const labelNames = new Map<string, LabelName>();

/** The label name of an attribute key, with its rendering prefix and hash seed. */
export function labelNameOf(attributeKey: string, sanitize: (key: string) => string): LabelName {
  let label = labelNames.get(attributeKey);
  if (label === undefined) {
    const name = sanitize(attributeKey);
    label = { name, prefix: `${name}="`, seed: nameSeed(name) };
    if (labelNames.size < MAX_CACHED_NAMES) labelNames.set(attributeKey, label);
  }
  return label;
}

/** `renderLabel` and `labelHash` of an attribute value, with the key's parts precomputed. */
export function renderLabelValue(label: LabelName, value: string): string {
  return `${label.prefix}${escapeLabelValue(value)}"`;
}

export function labelValueHash(label: LabelName, value: string): number {
  return mix(fnv1a(value, label.seed));
}

/**
 * The label set in a canonical (sorted) order: two points have the same key exactly when
 * they have the same labels. Escaped values hold no bare `"`, so the text cannot be read two
 * ways.
 */
export function canonicalKey(labels: RenderedLabels): string {
  return splitRenderedLabels(labels.body).sort().join(',');
}

/** `a="x",b="y,z"` → [`a="x"`, `b="y,z"`]: commas inside (escaped) values do not split. */
function splitRenderedLabels(body: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted && c === '\\') i++; // an escaped character, maybe a quote
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      pieces.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (body !== '') pieces.push(body.slice(start));
  return pieces;
}

/** Renders labels of any shape: the general path, for points the fast path declines. */
export function renderLabels(labels: readonly Label[]): RenderedLabels {
  const pieces: string[] = [];
  let hash = 0;
  for (const [name, value] of labels) {
    pieces.push(renderLabel(name, value));
    hash = (hash + labelHash(name, value)) | 0;
  }
  return { body: pieces.join(','), hash };
}
