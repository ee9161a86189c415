import { diag, DiagLogLevel } from '@opentelemetry/api';

/** Collects diag warnings and errors for the duration of a test. */
export function captureDiag() {
  const logs = { warn: [] as string[], error: [] as string[] };
  diag.setLogger(
    {
      error: (message: string, ...args: unknown[]) => logs.error.push([message, ...args.map(String)].join(' ')),
      warn: (message: string) => logs.warn.push(message),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  return { logs, restore: () => diag.disable() };
}
