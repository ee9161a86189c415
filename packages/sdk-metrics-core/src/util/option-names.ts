/**
 * Rejects option names a component does not know, naming the closest valid one.
 *
 * Why: in plain JavaScript a misspelled option (`compresion: 'gzip'`, `prot: 9000`) would
 * otherwise be ignored and the default silently used. Every component that takes an options
 * object in code calls this once at construction; options read from the environment never go
 * through here (a bad variable warns and falls back, it never throws).
 */

/** Throws a TypeError naming every unknown key of `options` and the closest known name. */
export function rejectUnknownOptions(
  options: object | undefined | null,
  knownNames: readonly string[],
  component: string,
): void {
  if (options === undefined || options === null || typeof options !== 'object') return;
  const known = new Set(knownNames);
  const problems: string[] = [];
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    const closest = closestName(key, knownNames);
    problems.push(closest === undefined ? `'${key}'` : `'${key}' (did you mean '${closest}'?)`);
  }
  if (problems.length === 0) return;
  throw new TypeError(
    `${component}: unknown option ${problems.join(', ')}; valid options are ${knownNames.map((n) => `'${n}'`).join(', ')}`,
  );
}

/**
 * The known name nearest to `name` by edit distance (case-insensitive), if it is near enough
 * to be a plausible typo: at most a third of the longer name's length, and at least 1 edit.
 */
export function closestName(name: string, knownNames: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of knownNames) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  if (best === undefined) return undefined;
  const budget = Math.max(2, Math.ceil(Math.max(name.length, best.length) / 3));
  return bestDistance <= budget ? best : undefined;
}

/** Levenshtein distance with one rolling row; option names are short. */
function editDistance(a: string, b: string): number {
  const row = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
