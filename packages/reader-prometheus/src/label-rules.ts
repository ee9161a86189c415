// The specification's rule for labels that meet under one name: attribute keys are sanitised
// (`a.b` and `a_b` both become `a_b`), and the scope and constant labels the exporter adds
// can take a name an attribute also has. Values are then never dropped but joined with ";"
// in the lexicographic order of the original keys ("Metric Attributes").
import type { Label } from './rendered-labels';

/** One would-be label: where it came from (the original key) and the name it sanitises to. */
export interface LabelSource {
  /** The original key: the attribute key, or the label name for labels the exporter adds. */
  readonly key: string;
  readonly name: string;
  readonly value: string;
}

function byKey(a: LabelSource, b: LabelSource): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The labels of `sources`, one per name, at the position of the name's first source. A
 * source whose original key repeats an earlier source's key is skipped: the earlier one is
 * the more specific (a point attribute before a resource attribute with the same key).
 */
export function joinLabelSources(sources: readonly LabelSource[]): Label[] {
  const groups = new Map<string, LabelSource[]>();
  for (const source of sources) {
    const group = groups.get(source.name);
    if (group === undefined) groups.set(source.name, [source]);
    else if (!group.some((other) => other.key === source.key)) group.push(source);
  }
  const labels: Label[] = [];
  for (const [name, group] of groups) {
    if (group.length === 1) {
      labels.push([name, group[0]!.value]);
      continue;
    }
    labels.push([name, group.slice().sort(byKey).map((source) => source.value).join(';')]);
  }
  return labels;
}
