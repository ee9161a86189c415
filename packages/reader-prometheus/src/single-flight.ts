/**
 * Runs at most one `task` at a time: a caller arriving while one runs gets the running
 * task's promise instead of starting another. For scrapes this means concurrent scrapers
 * share one collection instead of running overlapping ones.
 */
export class SingleFlight<T> {
  private _running?: Promise<T>;

  constructor(private readonly _task: () => Promise<T>) {}

  run(): Promise<T> {
    if (this._running === undefined) {
      const running = Promise.resolve()
        .then(this._task)
        .finally(() => {
          if (this._running === running) this._running = undefined;
        });
      this._running = running;
    }
    return this._running;
  }
}
