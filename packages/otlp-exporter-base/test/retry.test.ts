import {
  backoffMillis,
  classifyGrpcFailure,
  classifyHttpFailure,
  decodeRetryInfoDelayMillis,
  DEFAULT_RETRY_POLICY,
  GrpcStatus,
  OTLPExporterError,
  parseRetryAfter,
  sendWithRetry,
  type ExporterTransport,
  type TransportResponse,
} from '../src';
// Test-only: builds the grpc-status-details-bin trailer a server sends; not part of the public entry.
import { encodeRetryInfoStatus } from '../src/retry/grpc-status';

describe('HTTP retry rules', () => {
  it.each([429, 502, 503, 504])('retries %i', (status) => {
    expect(classifyHttpFailure(status, undefined, '').status).toBe('retryable');
  });
  it.each([400, 401, 403, 404, 413, 500, 501])('fails at once on %i, keeping the status', (status) => {
    const r = classifyHttpFailure(status, undefined, 'why');
    expect(r.status).toBe('failure');
    expect((r as { error: OTLPExporterError }).error).toMatchObject({ code: status, data: 'why' });
  });
  it('parses Retry-After as seconds or HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:39 GMT', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:30 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(classifyHttpFailure(503, '2', '')).toMatchObject({ status: 'retryable', retryAfterMillis: 2000 });
  });
});

describe('gRPC retry rules', () => {
  it.each(['CANCELLED', 'DEADLINE_EXCEEDED', 'ABORTED', 'OUT_OF_RANGE', 'UNAVAILABLE', 'DATA_LOSS'] as const)('retries %s', (name) => {
    expect(classifyGrpcFailure(GrpcStatus[name], '').status).toBe('retryable');
  });
  it.each(['UNKNOWN', 'INVALID_ARGUMENT', 'NOT_FOUND', 'PERMISSION_DENIED', 'UNIMPLEMENTED', 'INTERNAL', 'UNAUTHENTICATED'] as const)(
    'fails at once on %s',
    (name) => {
      expect(classifyGrpcFailure(GrpcStatus[name], 'x')).toMatchObject({ status: 'failure', error: { code: GrpcStatus[name] } });
    },
  );
  it('retries RESOURCE_EXHAUSTED only with RetryInfo, after its delay', () => {
    expect(classifyGrpcFailure(GrpcStatus.RESOURCE_EXHAUSTED, '').status).toBe('failure');
    const details = encodeRetryInfoStatus(GrpcStatus.RESOURCE_EXHAUSTED, 'slow down', 1500);
    expect(classifyGrpcFailure(GrpcStatus.RESOURCE_EXHAUSTED, '', details)).toMatchObject({ status: 'retryable', retryAfterMillis: 1500 });
  });
  it('ignores malformed status details', () => {
    expect(decodeRetryInfoDelayMillis(Uint8Array.from([0xff, 0xff, 0xff]))).toBeUndefined();
    expect(decodeRetryInfoDelayMillis(undefined)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('grows by the multiplier up to the maximum, with jitter of at most 20 %', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMillis(DEFAULT_RETRY_POLICY, n, mid))).toEqual([1000, 1500, 2250, 3375, 5000, 5000]);
    expect(backoffMillis(DEFAULT_RETRY_POLICY, 1, () => 0)).toBe(800);
    expect(backoffMillis(DEFAULT_RETRY_POLICY, 1, () => 1)).toBe(1200);
  });
});

class ScriptedTransport implements ExporterTransport {
  calls = 0;
  constructor(private readonly script: TransportResponse[]) {}
  async send(): Promise<TransportResponse> {
    return this.script[Math.min(this.calls++, this.script.length - 1)];
  }
  shutdown() {}
}

const retryable = (retryAfterMillis?: number): TransportResponse => ({ status: 'retryable', error: new OTLPExporterError('busy', 503), retryAfterMillis });
const fast = { ...DEFAULT_RETRY_POLICY, initialBackoffMillis: 1, maxBackoffMillis: 2 };

describe('sendWithRetry', () => {
  const signal = new AbortController().signal;

  it('retries until success', async () => {
    const t = new ScriptedTransport([retryable(), retryable(), { status: 'success' }]);
    expect(await sendWithRetry(t, new Uint8Array(), { timeoutMillis: 1000, policy: fast, signal })).toEqual({ status: 'success' });
    expect(t.calls).toBe(3);
  });
  it('stops after maxAttempts with the last error and its status', async () => {
    const t = new ScriptedTransport([retryable()]);
    const r = await sendWithRetry(t, new Uint8Array(), { timeoutMillis: 1000, policy: fast, signal });
    expect(t.calls).toBe(5);
    expect(r).toMatchObject({ status: 'failure', error: { code: 503, message: expect.stringContaining('gave up after 5 attempts') } });
  });
  it('does not wait for a server delay past the timeout', async () => {
    const t = new ScriptedTransport([retryable(60_000), { status: 'success' }]);
    const r = await sendWithRetry(t, new Uint8Array(), { timeoutMillis: 500, policy: fast, signal });
    expect(t.calls).toBe(1);
    expect(r).toMatchObject({ status: 'failure', error: { message: expect.stringContaining('past the export timeout') } });
  });
  it('does not retry a final failure', async () => {
    const t = new ScriptedTransport([{ status: 'failure', error: new Error('bad') }, { status: 'success' }]);
    expect((await sendWithRetry(t, new Uint8Array(), { timeoutMillis: 1000, policy: fast, signal })).status).toBe('failure');
    expect(t.calls).toBe(1);
  });
  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const t = new ScriptedTransport([retryable(5000), { status: 'success' }]);
    const pending = sendWithRetry(t, new Uint8Array(), { timeoutMillis: 10_000, policy: fast, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ status: 'failure', error: { message: expect.stringContaining('shut down') } });
    expect(t.calls).toBe(1);
  });
});
