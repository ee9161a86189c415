import { diag } from '@opentelemetry/api';

/**
 * Reports a repeated problem through `diag` without flooding it: the first occurrence is
 * logged at once, later ones at most once per interval with the number suppressed. Used
 * for bad measurements, which can arrive on every request.
 */
export class RateLimitedDiag {
  private lastLogged = -Infinity;
  private suppressed = 0;

  constructor(private readonly intervalMillis = 60_000) {}

  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastLogged < this.intervalMillis) {
      this.suppressed++;
      return;
    }
    const note = this.suppressed > 0 ? ` (${this.suppressed} similar messages suppressed)` : '';
    this.lastLogged = now;
    this.suppressed = 0;
    diag.warn(message + note);
  }
}
