import { captureDiag } from '@meterkit/sdk-metrics-core/testing';
import { MAX_REMEMBERED_WARNINGS, WarnOnce } from '../src/warn-once';

let diagCapture: ReturnType<typeof captureDiag>;
beforeEach(() => {
  diagCapture = captureDiag();
});
afterEach(() => diagCapture.restore());

test('one warning per key, however often it is reported; a lazy message is built only when logged', () => {
  const warnings = new WarnOnce();
  let built = 0;
  for (let i = 0; i < 3; i++) {
    warnings.warn('a', 'problem a');
    warnings.warn('b', () => `problem b ${++built}`);
  }
  expect(diagCapture.warnings()).toEqual(['problem a', 'problem b 1']);
  expect(built).toBe(1);
});

test('past the cap of remembered keys: one warning that says so, then silence, not a warning on every report', () => {
  const warnings = new WarnOnce();
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < MAX_REMEMBERED_WARNINGS + 10; i++) warnings.warn(`k${i}`, `problem ${i}`);
  }
  const logged = diagCapture.warnings();
  expect(logged).toHaveLength(MAX_REMEMBERED_WARNINGS + 1);
  expect(logged[MAX_REMEMBERED_WARNINGS]).toMatch(/further ones are not logged/);
});
