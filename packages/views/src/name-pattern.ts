// Instrument-name patterns of view selection: `*` matches any run of characters (including
// none), `?` matches exactly one, everything else is literal. Instrument names are
// case-insensitive (specification), so matching folds ASCII case.
//
// The pattern is compiled once, when the view is constructed, into the cheapest matcher
// that fits it. No RegExp is involved, so characters that are special in regular
// expressions ('.', '+', '(', '[', '\\', ...) cannot change the meaning of a name.

/** A compiled instrument-name pattern: true when the name matches (case-insensitive). */
export type NameMatcher = (name: string) => boolean;

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/** True when `pattern` contains `*` or `?`, i.e. it can select more than one name. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

// Instrument names are ASCII by specification; folding only A-Z keeps the comparison
// allocation-free and never equates characters the specification would keep apart.
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function equalsFolded(name: string, nameStart: number, literal: string): boolean {
  for (let i = 0; i < literal.length; i++) {
    if (fold(name.charCodeAt(nameStart + i)) !== literal.charCodeAt(i)) return false;
  }
  return true;
}

/** Compiles `pattern` into a matcher. The result is pure and safe to call concurrently. */
export function compileNamePattern(pattern: string): NameMatcher {
  // Fold the pattern once so each match only folds the name.
  const folded = pattern.toLowerCase();

  if (!hasWildcard(folded)) {
    return (name) => name.length === folded.length && equalsFolded(name, 0, folded);
  }

  // A run of stars is one star; a pattern of stars only matches everything.
  const collapsed = folded.replace(/\*+/g, '*');
  if (collapsed === '*') return () => true;

  const starCount = collapsed.split('*').length - 1;
  const hasQuestion = collapsed.includes('?');
  if (!hasQuestion && starCount === 1) {
    const star = collapsed.indexOf('*');
    const prefix = collapsed.slice(0, star);
    const suffix = collapsed.slice(star + 1);
    const minLength = prefix.length + suffix.length;
    return (name) =>
      name.length >= minLength &&
      equalsFolded(name, 0, prefix) &&
      equalsFolded(name, name.length - suffix.length, suffix);
  }

  return (name) => matchGeneral(collapsed, name);
}

// Iterative wildcard matching with single-point backtracking: on a mismatch, retry from
// the most recent star, letting it absorb one more character. This is linear for the
// common shapes and at worst O(pattern × name), with no recursion and no allocation.
function matchGeneral(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1; // position of the last star seen in the pattern
  let starN = 0; // name position that star currently extends to
  while (n < name.length) {
    const pc = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (pc === STAR) {
      starP = p++;
      starN = n;
    } else if (pc === QUESTION || (pc !== -1 && pc === fold(name.charCodeAt(n)))) {
      p++;
      n++;
    } else if (starP !== -1) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  // The name is consumed: what is left of the pattern may only be stars.
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}
