// Captures what the SDK reports through the OpenTelemetry `diag` logger, so tests can assert
// on warnings and errors. The diag logger is process-wide: restore() puts it back to disabled.
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

export type DiagLevel = 'error' | 'warn' | 'info' | 'debug' | 'verbose';

export interface DiagMessage {
  level: DiagLevel;
  /** The message followed by its arguments (an Error as its message, other objects as JSON). */
  message: string;
}

export interface DiagCapture {
  /** Every captured message, in order. */
  readonly messages: DiagMessage[];
  /** Messages of level `warn`. */
  warnings(): string[];
  /** Messages of level `error`. */
  errors(): string[];
  /** Stops capturing (the diag logger is disabled). Call it in a `finally` or `afterEach`. */
  restore(): void;
}

function describeArgument(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Starts capturing diag output at `logLevel` and above (default WARN). */
export function captureDiag(logLevel: DiagLogLevel = DiagLogLevel.WARN): DiagCapture {
  const messages: DiagMessage[] = [];
  const record =
    (level: DiagLevel) =>
    (message: string, ...args: unknown[]): void => {
      messages.push({ level, message: [message, ...args.map(describeArgument)].join(' ') });
    };
  const logger: DiagLogger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug'), verbose: record('verbose') };
  diag.setLogger(logger, { logLevel, suppressOverrideMessage: true });
  const of = (level: DiagLevel) => messages.filter((m) => m.level === level).map((m) => m.message);
  return { messages, warnings: () => of('warn'), errors: () => of('error'), restore: () => diag.disable() };
}

/** Runs `fn` with diag captured, then restores it whatever `fn` does. */
export async function withDiagCaptured<T>(fn: () => T | Promise<T>, logLevel?: DiagLogLevel): Promise<{ result: T; diag: DiagCapture }> {
  const capture = captureDiag(logLevel);
  try {
    return { result: await fn(), diag: capture };
  } finally {
    capture.restore();
  }
}
