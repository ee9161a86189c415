// Runs a constructor against a chosen set of OTEL_EXPORTER_OTLP_* variables. The OTLP
// exporters read their settings from process.env at construction (and only then), so:
// - with a config file, the exporter sees exactly the file's settings, written as the
//   variables they mirror one to one, and none of the user's own variables (the
//   specification: when a file is used, the other variables are ignored);
// - when the user's variable is malformed and the exporter refuses it, the set-up can retry
//   without that one variable (its default), instead of losing the exporter.
// process.env is restored before returning, whatever happened.

const OTLP_PREFIX = 'OTEL_EXPORTER_OTLP_';

export function withOtlpEnv<T>(replacement: Record<string, string> | undefined, hidden: readonly string[], construct: () => T): T {
  const saved = new Map<string, string | undefined>();
  const touch = (name: string) => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
  };
  try {
    if (replacement !== undefined) {
      for (const name of Object.keys(process.env)) {
        if (name.startsWith(OTLP_PREFIX)) {
          touch(name);
          delete process.env[name];
        }
      }
      for (const [name, value] of Object.entries(replacement)) {
        touch(name);
        process.env[name] = value;
      }
    }
    for (const name of hidden) {
      touch(name);
      delete process.env[name];
    }
    return construct();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The variable a configuration error names first (`OTEL_...: ...`), if any. */
export function variableNamedIn(message: string): string | undefined {
  return /\b(OTEL_[A-Z0-9_]+)\b/.exec(message)?.[1];
}
