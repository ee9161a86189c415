/**
 * Makes lost data visible by default. Every SDK problem goes to `diag`, and `diag` prints
 * nothing until the application calls `diag.setLogger(...)`, which a first-time user does not
 * know to do: an exporter could then drop every export without a trace. So when data is
 * dropped and no diag logger is set, one warning also goes to the console (then at most one
 * per CONSOLE_INTERVAL_MILLIS, with a count of what was suppressed).
 *
 * "No diag logger is set" is read from the API's global registry. @opentelemetry/api has no
 * getter for the logger: `diag.setLogger` registers it under the key `diag` of the object at
 * `globalThis[Symbol.for('opentelemetry.js.api.<major>')]`, and `diag.disable()` removes it.
 * That registry is how every copy of the API shares its globals (versioned by major), so it is
 * stable for the whole 1.x line this package peers on. A logger set with DiagLogLevel.NONE
 * counts as set: the application chose silence. `OTEL_LOG_LEVEL=none` turns the console
 * fallback off as well.
 */
import { diag } from '@opentelemetry/api';

const API_GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');
const CONSOLE_INTERVAL_MILLIS = 5 * 60_000;

/** True when the application has registered a diag logger with @opentelemetry/api. */
export function isDiagLoggerSet(): boolean {
  const registry = (globalThis as { [API_GLOBAL_KEY]?: { diag?: unknown } })[API_GLOBAL_KEY];
  return registry?.diag !== undefined;
}

let lastConsoleWarning = -Infinity;
let suppressed = 0;

/**
 * Reports data an exporter (or reader) had to drop: always through `diag.error`, and through
 * `console.warn` when nobody listens to diag (rate-limited, see above). Never throws.
 */
export function reportDroppedData(message: string): void {
  diag.error(message);
  if (isDiagLoggerSet() || consoleFallbackDisabled()) return;
  const now = Date.now();
  if (now - lastConsoleWarning < CONSOLE_INTERVAL_MILLIS) {
    suppressed++;
    return;
  }
  const note = suppressed > 0 ? ` (${suppressed} more since the last warning)` : '';
  lastConsoleWarning = now;
  suppressed = 0;
  try {
    console.warn(
      `[meterkit] ${message}${note}. No OpenTelemetry diag logger is set, so this is printed to the console ` +
        `(at most once per ${CONSOLE_INTERVAL_MILLIS / 60_000} minutes). To see every SDK diagnostic, call ` +
        "diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN) from '@opentelemetry/api'; OTEL_LOG_LEVEL=none silences this.",
    );
  } catch {
    // A closed stdout/stderr must not turn a dropped export into a crash.
  }
}

function consoleFallbackDisabled(): boolean {
  return (process.env.OTEL_LOG_LEVEL ?? '').trim().toLowerCase() === 'none';
}
