// One warning per distinct problem for the life of a reader: a conflict that repeats on
// every scrape is logged once, not every few seconds. The memory of keys is capped so that
// unbounded distinct problems (attribute keys from user input) cannot grow it without end;
// past the cap, one last warning says so and further new problems are not logged, rather
// than logged again on every scrape because they could not be remembered.
import { diag } from '@opentelemetry/api';

export const MAX_REMEMBERED_WARNINGS = 1000;

export class WarnOnce {
  private readonly _seen = new Set<string>();
  private _full = false;

  /** `message` may be a function, so that a message not logged is not built either. */
  warn(key: string, message: string | (() => string)): void {
    if (this._full || this._seen.has(key)) return;
    if (this._seen.size >= MAX_REMEMBERED_WARNINGS) {
      this._full = true;
      diag.warn(`PrometheusReader: ${MAX_REMEMBERED_WARNINGS} distinct problems reported; further ones are not logged`);
      return;
    }
    this._seen.add(key);
    diag.warn(typeof message === 'string' ? message : message());
  }
}
