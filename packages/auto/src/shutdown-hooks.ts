// Graceful shutdown for zero-code set-up. On SIGTERM / SIGINT the provider exports one last
// time and shuts down, within a bounded time; then, if nobody else listens to the signal,
// the signal is raised again with our listener removed, so the process ends exactly as it
// would have without meterkit (killed by that signal: exit status 128 + n in a shell). If
// the application has its own listener, the signal is its to handle: we only flush.
// `beforeExit` (the event loop ran dry) shuts down too, so a short script's data is sent.
import type { MeterProvider } from '@meterkit/sdk-metrics-core';
import { warn } from './warn';

export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5000;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface ShutdownHooks {
  /** Removes every listener this installed (the provider is not touched). */
  remove(): void;
}

export function installShutdownHooks(provider: MeterProvider, timeoutMillis: number): ShutdownHooks {
  let shuttingDown: Promise<void> | undefined;
  const shutdownOnce = (): Promise<void> => {
    if (shuttingDown === undefined) {
      // The exporters' retry back-off timers are unref'd: without a handle of our own, a
      // process whose loop ran dry (beforeExit) would end in the middle of the final export's
      // retries. This timer holds it until shutdown settles, and never past its timeout.
      const hold = setTimeout(() => undefined, timeoutMillis + 1000);
      shuttingDown = provider
        .shutdown({ timeoutMillis })
        .catch((error: Error) => warn(`shutdown did not complete: ${error.message}`))
        .finally(() => clearTimeout(hold));
    }
    return shuttingDown;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    const othersListen = process.listenerCount(signal) > 1;
    if (shuttingDown !== undefined && !othersListen) {
      // A second signal while flushing: stop waiting.
      reRaise(signal);
      return;
    }
    // Bounded: whatever the exporters do, the signal is re-raised by this timer at the latest.
    const deadline = othersListen ? undefined : setTimeout(() => reRaise(signal), timeoutMillis + 500);
    void shutdownOnce().then(() => {
      if (deadline !== undefined) clearTimeout(deadline);
      if (!othersListen) reRaise(signal);
    });
  };

  const reRaise = (signal: NodeJS.Signals): void => {
    remove();
    // With no listener left, the default action runs: the process ends by this signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };

  const onBeforeExit = (): void => {
    if (shuttingDown === undefined) void shutdownOnce();
  };

  const listeners = SIGNALS.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of listeners) process.on(signal, listener);
  process.on('beforeExit', onBeforeExit);

  function remove(): void {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    process.removeListener('beforeExit', onBeforeExit);
  }
  return { remove };
}
