// Instrument name syntax of the specification: an ASCII letter, then up to 254 more of
// letters, digits, '_', '.', '-' and '/'.
const NAME_PATTERN = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

/** Whether a name follows the specification's instrument-name syntax. */
export function isValidInstrumentName(name: unknown): name is string {
  return typeof name === 'string' && NAME_PATTERN.test(name);
}

/** Why `name` is invalid, for the diag message. */
export function describeInvalidName(name: unknown): string {
  if (typeof name !== 'string') return `instrument name must be a string, got ${typeof name}`;
  if (name.length === 0) return 'instrument name must not be empty';
  if (name.length > 255) return `instrument name "${name.slice(0, 32)}..." is longer than 255 characters`;
  return `instrument name "${name}" must start with a letter and contain only letters, digits, '_', '.', '-' and '/'`;
}
