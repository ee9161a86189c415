import { flattenRequest } from './points';
import type { ReceivedPoint, ReceivedRequest, SinkBehaviour } from './types';

export type RequestListener = (request: ReceivedRequest, points: ReceivedPoint[]) => void;

interface Waiter {
  /** Returns true when satisfied (and then has settled its promise). */
  check(): boolean;
  fail(err: Error): void;
}

/**
 * What both transports share: the record of received requests, the behaviour queue, waiters and
 * the timers of delayed answers (all cancelled on close so jest can exit).
 */
export class SinkState {
  readonly requests: ReceivedRequest[] = [];
  private flatPoints: ReceivedPoint[] = [];
  attempts = 0;
  private queue: SinkBehaviour[] = [];
  private defaultBehaviour: SinkBehaviour | undefined;
  private waiters = new Set<Waiter>();
  private delays = new Map<NodeJS.Timeout, () => void>();
  private listeners = new Set<RequestListener>();
  closed = false;

  record(req: Omit<ReceivedRequest, 'index' | 'accepted'>): ReceivedRequest {
    const full: ReceivedRequest = { ...req, index: this.requests.length, accepted: false };
    this.requests.push(full);
    const points = flattenRequest(full.body, full.index);
    this.flatPoints.push(...points);
    for (const w of [...this.waiters]) w.check();
    for (const l of [...this.listeners]) {
      try {
        l(full, points);
      } catch {
        // A listener's bug must not turn into a failed export for the sender.
      }
    }
    return full;
  }

  onRequest(listener: RequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  points(): ReceivedPoint[] {
    return [...this.flatPoints];
  }

  /** The behaviour for the next decoded request: the queue first, then the default. */
  nextBehaviour(): SinkBehaviour {
    return this.queue.shift() ?? this.defaultBehaviour ?? {};
  }

  enqueue(behaviours: SinkBehaviour[]): void {
    this.queue.push(...behaviours);
  }

  setDefaultBehaviour(b: SinkBehaviour | undefined): void {
    this.defaultBehaviour = b;
  }

  reset(): void {
    this.requests.length = 0;
    this.flatPoints = [];
    this.attempts = 0;
    this.queue = [];
  }

  /** Resolves after `ms` (or at once when the sink closes, which the caller checks). */
  delay(ms: number | undefined): Promise<void> {
    if (!ms || ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.delays.delete(t);
        resolve();
      }, ms);
      this.delays.set(t, resolve);
    });
  }

  waitFor<T>(
    probe: () => T | undefined,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    if (this.closed) return Promise.reject(new Error(`otlp-sink is closed: ${describe()}`));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const v = probe();
          if (v === undefined) return false;
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(v);
          return true;
        },
        fail: (err) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`otlp-sink: timed out after ${timeoutMs} ms ${describe()}`)),
        timeoutMs,
      );
      this.waiters.add(waiter);
    });
  }

  /** Stops everything pending: delayed answers resolve (callers see `closed`), waiters reject. */
  shutdown(): void {
    this.closed = true;
    for (const [t, resolve] of this.delays) {
      clearTimeout(t);
      resolve();
    }
    this.delays.clear();
    for (const w of [...this.waiters]) w.fail(new Error('otlp-sink closed while waiting'));
  }
}
