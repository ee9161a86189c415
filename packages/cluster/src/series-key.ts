// Identity of a series across processes: equal attribute sets, whatever the key order, give
// the same key (docs/series-identity.md). Values keep their type (1 and "1" differ) and NaN,
// ±Infinity and -0 stay distinct from null, because the key is built from typed parts, not JSON.
import type { Attributes } from '@opentelemetry/api';

function valueKey(value: unknown): string {
  if (typeof value === 'string') return 's' + JSON.stringify(value);
  if (typeof value === 'number') return 'n' + (Object.is(value, -0) ? '-0' : String(value));
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return '[' + value.map(valueKey).join(',') + ']';
  return 'u';
}

export function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  // The core exports attributes in one key order per series; sort only when needed.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let key = '';
  for (const k of keys) key += JSON.stringify(k) + '=' + valueKey(attributes[k]) + ';';
  return key;
}
