// Reads OTEL_CONFIG_FILE: YAML (or JSON, which the same parser reads), substitutes
// environment references in scalar values (never in keys), and returns the plain object.
// Any problem is a ConfigFileError; the caller reports it and leaves metrics off.
import { readFileSync } from 'node:fs';
import { Scalar, isScalar, parseDocument, visit } from 'yaml';
import { resolvePlainScalar } from './plain-scalar';
import { SubstitutionError, substituteEnvReferences } from './substitute';

/** A configuration file that cannot be read or parsed; its message says why. */
export class ConfigFileError extends Error {}

const WHOLE_REFERENCE = /^\$\{[^}]+\}$/;

export function readConfigFile(file: string, env: Record<string, string | undefined>): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`cannot read OTEL_CONFIG_FILE "${file}": ${(error as Error).message}`);
  }
  return parseConfigText(text, env, file.toLowerCase().endsWith('.json'));
}

/**
 * Parses configuration text (YAML 1.2, or JSON) into a plain object, substituting
 * environment references from `env` in scalar values. Throws a {@link ConfigFileError}.
 */
export function parseConfigText(text: string, env: Record<string, string | undefined>, isJson = false): unknown {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ConfigFileError(`not valid ${isJson ? 'JSON' : 'YAML'}: ${first.message.split('\n')[0]}`);
  }
  try {
    visit(doc, {
      Scalar(key, node) {
        // Mapping keys are never substituted.
        if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
        const original = node.value;
        const substituted = substituteEnvReferences(original, env);
        // Plain scalars get their type after substitution. In JSON every string is quoted,
        // so there a value that is exactly one reference is typed the same way (documented).
        const typed = node.type === Scalar.PLAIN || (isJson && WHOLE_REFERENCE.test(original));
        node.value = typed ? resolvePlainScalar(substituted) : substituted;
      },
    });
  } catch (error) {
    if (error instanceof SubstitutionError) throw new ConfigFileError(error.message);
    throw error;
  }
  if (!isScalar(doc.contents) && doc.contents !== null) return doc.toJS({ maxAliasCount: 100 });
  throw new ConfigFileError('the file does not hold a mapping at its top level');
}
