import { diag, DiagLogLevel } from '@opentelemetry/api';
import { isDiagLoggerSet } from '../src';

describe('isDiagLoggerSet (reads the API global registry, which has no getter)', () => {
  afterEach(() => diag.disable());

  it('is false until diag.setLogger, true after (any level), false again after diag.disable', () => {
    expect(isDiagLoggerSet()).toBe(false);
    diag.setLogger({ error() {}, warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.NONE);
    expect(isDiagLoggerSet()).toBe(true);
    diag.disable();
    expect(isDiagLoggerSet()).toBe(false);
  });
});
