// The core reads its clock and export result codes itself (util/clock.ts,
// export/export-result-code.ts) instead of loading @opentelemetry/core: both must agree with
// that package, which spans and exporters of the official SDK use.
import { hrTime, hrTimeToNanoseconds, ExportResultCode as CoreExportResultCode } from '@opentelemetry/core';
import { clockNow } from '../src/util/clock';
import { ExportResultCode } from '../src';

test('clockNow() reads the clock of @opentelemetry/core hrTime(), as a valid HrTime', () => {
  for (let i = 0; i < 1000; i++) {
    const before = hrTimeToNanoseconds(hrTime());
    const now = clockNow();
    const after = hrTimeToNanoseconds(hrTime());
    expect(Number.isInteger(now[0]) && Number.isInteger(now[1])).toBe(true);
    expect(now[1] >= 0 && now[1] < 1e9).toBe(true);
    const ours = hrTimeToNanoseconds(now);
    // both round performance.now() to whole nanoseconds: allow that rounding
    expect(ours).toBeGreaterThanOrEqual(before - 1);
    expect(ours).toBeLessThanOrEqual(after + 1);
  }
});

test('ExportResultCode has the values of @opentelemetry/core', () => {
  expect(ExportResultCode.SUCCESS).toBe(CoreExportResultCode.SUCCESS);
  expect(ExportResultCode.FAILED).toBe(CoreExportResultCode.FAILED);
});

test('requiring the built core does not load @opentelemetry/core', () => {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const path = require('node:path') as typeof import('node:path');
  const dist = path.join(__dirname, '..', 'dist', 'index.js');
  const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(dist)}); console.log(Object.keys(require.cache).some((k) => k.includes('@opentelemetry/core') || k.includes('@opentelemetry+core')))`], { encoding: 'utf8' });
  expect(out.trim()).toBe('false');
});
