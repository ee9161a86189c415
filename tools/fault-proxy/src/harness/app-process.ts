// Starts the instrumented app as a child process and follows it: its JSON lines, its report,
// and when and how it exited. Used by the fault tests and the soak.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { AppConfig } from '../app/app-config';


export interface AppReport {
  type: 'report';
  outcome: 'resolved' | 'rejected';
  error?: string;
  recorded: number;
  shutdownMillis: number;
  lagP99Millis: number;
  lagMaxMillis: number;
  /** [milliseconds since start, heapUsed bytes] */
  heapSamples: Array<[number, number]>;
  exportErrors: string[];
  unhandledRejections: number;
}

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from terminate() (SIGTERM) to exit. */
  afterTerminateMillis?: number;
}

export interface AppProcess {
  readonly child: ChildProcess;
  /** Every JSON line the app printed, in order. */
  readonly messages: Array<Record<string, unknown>>;
  readonly stderr: () => string;
  ready: Promise<void>;
  /** Resolves with the app's report (rejects if it exits without one). */
  report: Promise<AppReport>;
  exited: Promise<AppExit>;
  /** Sends SIGTERM (the app's shutdown signal). */
  terminate(): void;
  /** SIGKILL, for cleanup after a failed test. */
  kill(): void;
  onMessage(listener: (message: Record<string, unknown>) => void): void;
}

const ROOT = path.resolve(__dirname, '..', '..');

export function startApp(config: AppConfig, nodeArgs: string[] = []): AppProcess {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '-r', path.join(ROOT, 'scripts', 'register-sources.js'), path.join(ROOT, 'src', 'app', 'instrumented-app.ts')],
    { env: { ...process.env, FAULT_APP_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const messages: Array<Record<string, unknown>> = [];
  const listeners: Array<(m: Record<string, unknown>) => void> = [];
  let stderr = '';
  let buffered = '';
  let terminatedAt: number | undefined;
  let resolveReady!: () => void;
  let resolveReport!: (r: AppReport) => void;
  let rejectReport!: (e: Error) => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const report = new Promise<AppReport>((resolve, reject) => {
    resolveReport = resolve;
    rejectReport = reject;
  });
  report.catch(() => {}); // observed by whoever awaits it
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => {
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      messages.push(message);
      if (message.type === 'ready') resolveReady();
      if (message.type === 'report') resolveReport(message as unknown as AppReport);
      for (const listener of listeners) listener(message);
    }
  });
  const exited = new Promise<AppExit>((resolve) => {
    // 'close' (its output all read), not 'exit': on a loaded machine 'exit' can come before
    // the report line has been read, which would be taken for an app that sent none.
    child.on('close', (code, signal) => {
      rejectReport(new Error(`the app exited (code ${code}, signal ${signal}) without a report; stderr: ${stderr.slice(-2000)}`));
      resolve({ code, signal, afterTerminateMillis: terminatedAt === undefined ? undefined : Date.now() - terminatedAt });
    });
  });
  exited.then(() => resolveReady());
  return {
    child,
    messages,
    stderr: () => stderr,
    ready,
    report,
    exited,
    terminate() {
      terminatedAt = Date.now();
      child.kill('SIGTERM');
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    onMessage(listener) {
      listeners.push(listener);
    },
  };
}
