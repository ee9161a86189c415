// The demo in zero-code mode: dist/zero-code.js under --require @meterkit/auto/register,
// configured only by OTEL_* variables, exports the service's metrics at exit.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

test('start:auto: the service and load run with no SDK code and the console exporter prints their metrics at exit', () => {
  const result = spawnSync(process.execPath, ['--require', '@meterkit/auto/register', 'dist/zero-code.js'], {
    cwd: path.join(__dirname, '..'),
    env: {
      PATH: process.env.PATH ?? '',
      DEMO_DURATION_MS: '500',
      OTEL_METRICS_EXPORTER: 'console',
      OTEL_SERVICE_NAME: 'demo-zero-code',
      METERKIT_RUNTIME_METRICS: 'false',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('global MeterProvider: MeterProvider');
  expect(result.stdout).toMatch(/load done after/);
  expect(result.stdout).toContain('"name": "traffic_volume"');
  expect(result.stdout).toContain('"service.name": "demo-zero-code"');
});
