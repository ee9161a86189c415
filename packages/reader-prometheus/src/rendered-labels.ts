// A point's labels rendered once, as text, so that every sample line of the point (all the
// `_bucket` lines of a histogram, `_sum`, `_count`, `_created`) reuses the same string
// instead of escaping and joining the labels again.
import { escapeLabelValue } from './exposition-format';

export type Label = readonly [name: string, value: string];

export interface RenderedLabels {
  /** `a="x",b="y"` in output order, values escaped, without braces; '' without labels. */
  body: string;
  /**
   * The same labels in a canonical (sorted) order: two points have the same key exactly when
   * they have the same label set, whatever order their attributes came in. Escaped values
   * hold no bare `"`, so the text cannot be read two ways.
   */
  key: string;
}

/** `name="escaped value"`: one label as it appears between the braces. */
export function renderLabel(name: string, value: string): string {
  return `${name}="${escapeLabelValue(value)}"`;
}

/** Renders labels of any shape: the general path, for points the fast path declines. */
export function renderLabels(labels: readonly Label[]): RenderedLabels {
  const pieces: string[] = [];
  for (const [name, value] of labels) pieces.push(renderLabel(name, value));
  const body = pieces.join(',');
  return { body, key: pieces.sort().join(',') };
}
