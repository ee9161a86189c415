// The one channel @meterkit/auto talks to the user through: a line on stderr, prefixed, each
// distinct message once. Not `diag`: at start-up no diag logger is installed, and a warning
// about the set-up itself must be seen. Never throws (stderr may be closed).

const PREFIX = '@meterkit/auto: ';
const seen = new Set<string>();

export function warn(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  try {
    process.stderr.write(`${PREFIX}${message}\n`);
  } catch {
    // Nowhere left to report to; the app goes on.
  }
}

/** Forgets which messages were printed (tests start several times in one process). */
export function resetWarnings(): void {
  seen.clear();
}
