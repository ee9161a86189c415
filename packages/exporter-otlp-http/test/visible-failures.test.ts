import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { reserveClosedPort } from '../../otlp-exporter-base/test/support/helpers';

const SUPPORT = path.join(__dirname, 'support');

/** Runs the child app against a closed port and returns what it printed. */
function runChild(exports: number, options: { withLogger?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  return reserveClosedPort().then(
    (port) =>
      new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
        const args = ['-r', path.join(SUPPORT, 'register-workspace-src.js'), path.join(SUPPORT, 'dropped-export-child.ts'), String(port), String(exports)];
        if (options.withLogger) args.push('with-logger');
        const env = { ...process.env, ...options.env };
        delete env.OTEL_LOG_LEVEL;
        Object.assign(env, options.env);
        execFile(process.execPath, args, { env, timeout: 90_000 }, (error, stdout, stderr) => {
          resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
        });
      }),
  );
}

const WARNING = /\[meterkit\] OTLP\/HTTP metric exporter: export failed, data dropped: .*No OpenTelemetry diag logger is set/g;

describe('dropped exports are visible by default (child processes)', () => {
  it('with no diag logger set, prints one console warning for several dropped exports', async () => {
    const { stdout, stderr } = await runChild(3);
    expect(stdout).toContain('DONE');
    expect(stderr.match(WARNING) ?? []).toHaveLength(1);
    expect(stderr).toMatch(/diag\.setLogger\(new DiagConsoleLogger\(\), DiagLogLevel\.WARN\)/);
  }, 120_000);

  it('with a diag logger set, reports through it and prints nothing to the console', async () => {
    const { stdout, stderr } = await runChild(2, { withLogger: true });
    expect(stdout).toContain('DONE');
    expect(stdout).toMatch(/LOGGER: OTLP\/HTTP metric exporter: export failed, data dropped/);
    expect(stderr).not.toContain('[meterkit]');
  }, 120_000);

  it('OTEL_LOG_LEVEL=none turns the console fallback off', async () => {
    const { stdout, stderr } = await runChild(1, { env: { OTEL_LOG_LEVEL: 'none' } });
    expect(stdout).toContain('DONE');
    expect(stderr).not.toContain('[meterkit]');
  }, 120_000);
});
