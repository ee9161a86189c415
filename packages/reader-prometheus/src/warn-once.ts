// One warning per distinct problem for the life of a reader: a conflict that repeats on
// every scrape is logged once, not every few seconds. The memory of keys is capped so that
// unbounded distinct problems (attribute keys from user input) cannot grow it without end.
import { diag } from '@opentelemetry/api';

const MAX_REMEMBERED = 1000;

export class WarnOnce {
  private readonly _seen = new Set<string>();

  warn(key: string, message: string): void {
    if (this._seen.has(key)) return;
    if (this._seen.size < MAX_REMEMBERED) this._seen.add(key);
    diag.warn(message);
  }
}
