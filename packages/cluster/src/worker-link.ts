// The primary's end of one worker: sends collect requests, keeps the worker's last known
// state, and tells the group when the worker is gone. A cluster worker (worker.send), a
// worker_threads Worker (worker.postMessage) and a bare MessagePort look the same from here.
import type { MessagePort, Worker as ThreadWorker } from 'node:worker_threads';
import type { Worker as ClusterWorker } from 'node:cluster';
import type { ScopeMetrics } from '@meterkit/sdk-metrics-core';
import { COLLECT_REQUEST, isCollectReply, type CollectReply } from './messages';
import { WIRE_VERSION } from './wire-format';

/** What a worker is reached through: a cluster worker, a worker thread, or a MessagePort. */
export type WorkerLike = ClusterWorker | ThreadWorker | MessagePort;

export class WorkerLink {
  /** The last state the worker sent; undefined until its first answer. */
  state: ScopeMetrics[] | undefined;
  /** When the last state arrived (ms since epoch). */
  stateTime = 0;
  /** True once the worker has said hello: only then do collections wait for it. */
  ready = false;
  private readonly waiting = new Map<number, (reply: CollectReply | undefined) => void>();
  private readonly post: (message: unknown) => void;

  constructor(
    readonly name: string,
    target: WorkerLike,
    onReply: (link: WorkerLink, reply: CollectReply) => void,
    onGone: (link: WorkerLink) => void,
  ) {
    const t = target as { send?: (m: unknown, h?: undefined, o?: object, cb?: (e: Error | null) => void) => boolean; postMessage?: (m: unknown) => void };
    this.post = typeof t.send === 'function'
      ? (m) => t.send!(m, undefined, {}, () => undefined)
      : (m) => t.postMessage!(m);
    const emitter = target as unknown as NodeJS.EventEmitter;
    emitter.on('message', (message: unknown) => {
      if (!isCollectReply(message)) return;
      onReply(this, message);
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    let gone = false;
    const leave = () => {
      if (gone) return;
      gone = true;
      for (const resolve of this.waiting.values()) resolve(undefined);
      this.waiting.clear();
      onGone(this);
    };
    emitter.on('exit', leave);
    emitter.on('close', leave); // a MessagePort closes instead of exiting
  }

  /** Asks for the state; resolves with the reply, or undefined on timeout or exit. */
  request(id: number, timeoutMillis: number): Promise<CollectReply | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(undefined);
      }, timeoutMillis);
      timer.unref?.();
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      try {
        this.post({ t: COLLECT_REQUEST, v: WIRE_VERSION, id });
      } catch {
        // The channel is closing: the exit event follows and settles the wait.
      }
    });
  }
}
