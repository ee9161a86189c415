// Where a worker talks to its primary: the IPC channel of a cluster (or child_process.fork)
// worker, or a MessagePort (worker_threads' parentPort, or one the application hands over).
// No extra ports, no files: the channel the process already has.
import { isMainThread, parentPort, type MessagePort } from 'node:worker_threads';

export interface WorkerChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Whether binary arrays survive (MessagePort: structured clone) or must be text (IPC: JSON). */
  readonly binary: boolean;
}

export function portChannel(port: MessagePort): WorkerChannel {
  return {
    binary: true,
    send: (message) => port.postMessage(message),
    onMessage(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

export function ipcChannel(): WorkerChannel {
  return {
    binary: false,
    // IPC sends fail (channel closed) when the primary is gone; nothing to report to anyone.
    send: (message) => {
      if (process.connected && process.send) process.send(message, undefined, {}, () => undefined);
    },
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

/** The channel of this process: worker_threads' parentPort in a worker thread, else the IPC channel. */
export function defaultChannel(): WorkerChannel {
  if (!isMainThread && parentPort) return portChannel(parentPort);
  if (typeof process.send === 'function') return ipcChannel();
  throw new Error(
    'WorkerMetricReader: this process has no channel to a primary (not a cluster/forked worker, not a worker thread); pass { port }',
  );
}
