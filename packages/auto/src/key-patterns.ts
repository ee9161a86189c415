// The `included` / `excluded` lists of the configuration schema (IncludeExclude): exact
// names or `*` / `?` wildcards, excluded winning over included, absent `included` meaning
// everything. Compiled to one anchored RegExp (literal characters escaped), which is also
// the shape the Prometheus reader takes for resource constant labels.

function patternSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else out += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return out;
}

export function keyPatternsToRegExp(included: readonly string[] | undefined, excluded: readonly string[] | undefined): RegExp {
  const include = included === undefined ? '' : `(?=(?:${included.map(patternSource).join('|')})$)`;
  const exclude = excluded === undefined || excluded.length === 0 ? '' : `(?!(?:${excluded.map(patternSource).join('|')})$)`;
  return new RegExp(`^${include}${exclude}`);
}

export function compileKeyPatterns(included: readonly string[] | undefined, excluded: readonly string[] | undefined): (key: string) => boolean {
  const regex = keyPatternsToRegExp(included, excluded);
  return (key) => regex.test(key);
}
