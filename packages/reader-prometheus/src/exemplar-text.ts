// Writing an exemplar in the OpenMetrics text format: ` # {trace_id="…",span_id="…"} value timestamp`
// after a sample's value. Only OpenMetrics has exemplars; the 0.0.4 text format never gets
// them (the specification: dropped where unsupported). Which exemplar goes where is decided in
// exemplars.ts.
import type { HrTime } from '@opentelemetry/api';
import { formatValue } from './exposition-format';
import type { PromExemplar } from './exemplars';
import { renderLabel } from './rendered-labels';

/**
 * Seconds since the epoch, exact: `1700000000.123456789` with trailing zeros trimmed. The sum
 * `seconds + nanos / 1e9` as a double would lose the last digits (19 significant ones).
 */
export function formatTimestamp([seconds, nanos]: HrTime): string {
  if (nanos === 0) return String(seconds);
  let digits = String(nanos).padStart(9, '0');
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  if (end < digits.length) digits = digits.slice(0, end);
  return `${seconds}.${digits}`;
}

// A bucket's exemplar is often the one carried up from below, the same object on several
// lines: its text is built once (the exemplar objects of one serialization only).
const written = new WeakMap<PromExemplar, string>();

/** The text after a sample's value, starting with the space: ` # {labels} value timestamp`. */
export function exemplarSuffix(exemplar: PromExemplar): string {
  let text = written.get(exemplar);
  if (text === undefined) {
    let labels = '';
    for (const [name, value] of exemplar.labels) labels += labels === '' ? renderLabel(name, value) : `,${renderLabel(name, value)}`;
    text = ` # {${labels}} ${formatValue(exemplar.value)} ${formatTimestamp(exemplar.timestamp)}`;
    written.set(exemplar, text);
  }
  return text;
}
