// A view's `name` becomes the name of the exported metric, so it must obey the
// specification's instrument-name syntax: an ASCII letter, then up to 254 letters, digits,
// '_', '.', '-' or '/'. Checked once, at view construction.
const MAX_LENGTH = 255;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameChar(c: number): boolean {
  // digits, '_', '.', '-', '/'
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 47;
}

export function isValidStreamName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_LENGTH || !isLetter(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) {
    if (!isNameChar(name.charCodeAt(i))) return false;
  }
  return true;
}

/** Why `name` is invalid, for the error message. */
export function describeInvalidStreamName(name: string): string {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_LENGTH) return `"${name.slice(0, 32)}..." is longer than ${MAX_LENGTH} characters`;
  return `"${name}" must start with an ASCII letter and contain only letters, digits, '_', '.', '-' and '/'`;
}
