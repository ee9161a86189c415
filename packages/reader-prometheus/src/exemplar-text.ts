// Writing an exemplar in the OpenMetrics text format: ` # {trace_id="…",span_id="…"} value timestamp`
// after a sample's value. Only OpenMetrics has exemplars; the 0.0.4 text format never gets
// them (the specification: dropped where unsupported). Which exemplar goes where is decided in
// exemplars.ts.
import type { HrTime } from '@opentelemetry/api';
import { formatValue } from './exposition-format';
import type { PromExemplar } from './exemplars';
import { renderLabels } from './rendered-labels';

/**
 * Seconds since the epoch, exact: `1700000000.123456789` with trailing zeros trimmed. The sum
 * `seconds + nanos / 1e9` as a double would lose the last digits (19 significant ones).
 */
export function formatTimestamp([seconds, nanos]: HrTime): string {
  if (nanos === 0) return String(seconds);
  return `${seconds}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

/** The text after a sample's value, starting with the space: ` # {labels} value timestamp`. */
export function exemplarSuffix(exemplar: PromExemplar): string {
  return ` # {${renderLabels(exemplar.labels).body}} ${formatValue(exemplar.value)} ${formatTimestamp(exemplar.timestamp)}`;
}
