// Environment variable substitution in configuration files, as configuration/data-model.md
// defines it: `${NAME}`, `${env:NAME}`, `${NAME:-default}` (default when the variable is
// unset or empty; an unset variable without default becomes ""), `$$` an escaped `$`.
// Escapes are found first, left to right, and substitution runs on the text between them,
// so an escaped `$` never starts a reference. Substituted text is never substituted again.

const REFERENCE = /\$\{([^}]+)\}/g;
const ENV_SUBSTITUTION = /^([a-zA-Z_][a-zA-Z0-9_]*)(?::-([^]*))?$/;
const PREFIXED = /^([a-zA-Z][a-zA-Z0-9_]*):([^]*)$/;

export class SubstitutionError extends Error {}

function substituteSegment(segment: string, env: Record<string, string | undefined>): string {
  return segment.replace(REFERENCE, (_whole, content: string) => {
    let body = content;
    let match = ENV_SUBSTITUTION.exec(body);
    if (match === null) {
      const prefixed = PREFIXED.exec(body);
      if (prefixed !== null && prefixed[1] !== 'env') {
        throw new SubstitutionError(`"\${${content}}" uses the prefix "${prefixed[1]}:", which meterkit does not support (only env:)`);
      }
      if (prefixed !== null) {
        body = prefixed[2]!;
        match = ENV_SUBSTITUTION.exec(body);
      }
    }
    if (match === null) {
      throw new SubstitutionError(`"\${${content}}" is not a valid substitution; expected \${NAME} or \${NAME:-default}`);
    }
    const value = env[match[1]!];
    if (value !== undefined && value !== '') return value;
    return match[2] ?? '';
  });
}

/** The text with every reference replaced; throws SubstitutionError on a malformed reference. */
export function substituteEnvReferences(text: string, env: Record<string, string | undefined>): string {
  if (!text.includes('$')) return text;
  let out = '';
  let start = 0;
  for (let i = text.indexOf('$$'); i !== -1; i = text.indexOf('$$', start)) {
    out += substituteSegment(text.slice(start, i), env) + '$';
    start = i + 2;
  }
  return out + substituteSegment(text.slice(start), env);
}
