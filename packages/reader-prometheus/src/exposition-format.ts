// The two text formats a scraper can ask for, and the low-level rules both share:
// number formatting and escaping.

/** The exposition formats the reader serves: the Prometheus 0.0.4 text format or OpenMetrics 1.0. */
export type ExpositionFormat = 'text' | 'openmetrics';

/** Content type of the Prometheus 0.0.4 text format. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of the OpenMetrics 1.0 text format. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

export function contentTypeOf(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
}

/** A sample value: `+Inf`, `-Inf`, `NaN`, otherwise JavaScript's shortest round-trip form. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * The `le` label of a bucket. OpenMetrics asks for canonical floats (`1.0`, not `1`) so that
 * the same bucket always has the same label value; the 0.0.4 format has no such rule and
 * uses the plain form most Prometheus clients emit.
 */
export function formatBucketBound(bound: number, format: ExpositionFormat): string {
  const text = formatValue(bound);
  if (format === 'openmetrics' && Number.isInteger(bound) && !text.includes('e')) return `${text}.0`;
  return text;
}

const LABEL_VALUE_SPECIAL = /[\\"\n]/;
const LABEL_VALUE_SPECIAL_G = /[\\"\n]/g;
const HELP_TEXT_SPECIAL = /[\\\n]/;
const HELP_TEXT_SPECIAL_G = /[\\\n]/g;

function escapeChar(c: string): string {
  return c === '\n' ? '\\n' : `\\${c}`;
}

export function escapeLabelValue(value: string): string {
  return LABEL_VALUE_SPECIAL.test(value) ? value.replace(LABEL_VALUE_SPECIAL_G, escapeChar) : value;
}

/** HELP text: the 0.0.4 format escapes `\` and newline; OpenMetrics escapes `"` as well. */
export function escapeHelp(text: string, format: ExpositionFormat): string {
  if (format === 'openmetrics') return escapeLabelValue(text);
  return HELP_TEXT_SPECIAL.test(text) ? text.replace(HELP_TEXT_SPECIAL_G, escapeChar) : text;
}

/** OTel attribute value → label value, following the attribute specification's rules. */
export function attributeValueToString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}
