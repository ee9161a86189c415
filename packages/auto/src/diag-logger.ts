// OTEL_LOG_LEVEL: the SDK's own diagnostics (an export that failed, a callback that threw)
// go through @opentelemetry/api's `diag`, which prints nothing until a logger is set. As
// NodeSDK does, a stderr logger is installed only when the variable asks for one.
import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import { readString, type Env } from './env';
import type { LogLevel } from './plan';
import { warn } from './warn';

const LEVELS: Record<LogLevel, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

function line(level: string) {
  return (message: string, ...args: unknown[]) => {
    const rest = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a) ?? String(a)));
    try {
      process.stderr.write(`meterkit ${level}: ${[message, ...rest].join(' ')}\n`);
    } catch {
      // stderr closed: nothing to do.
    }
  };
}

const STDERR_LOGGER: DiagLogger = { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), verbose: line('verbose') };

/** OTEL_LOG_LEVEL, validated; undefined when unset (no logger is installed then). */
export function logLevelFromEnv(env: Env): LogLevel | undefined {
  const value = readString(env, 'OTEL_LOG_LEVEL');
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower in LEVELS) return lower as LogLevel;
  warn(`OTEL_LOG_LEVEL="${value}" is not one of ${Object.keys(LEVELS).join(', ')}; using warn`);
  return 'warn';
}

/** The file's log_level (a SeverityNumber name: trace..fatal4) as a diag level. */
export function logLevelFromSeverity(severity: string): LogLevel {
  if (severity.startsWith('trace')) return 'verbose';
  if (severity.startsWith('debug')) return 'debug';
  if (severity.startsWith('info')) return 'info';
  if (severity.startsWith('warn')) return 'warn';
  return 'error';
}

export function installDiagLogger(level: LogLevel): void {
  diag.setLogger(STDERR_LOGGER, { logLevel: LEVELS[level], suppressOverrideMessage: true });
}
