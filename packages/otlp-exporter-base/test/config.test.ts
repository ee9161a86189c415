import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diag } from '@opentelemetry/api';
import { AggregationTemporality, AggregationType, InstrumentType } from '@meterkit/sdk-metrics-core';
import {
  AggregationTemporalityPreference,
  parseHeaderList,
  resolveGrpcConfiguration,
  resolveHttpConfiguration,
  resolveSharedConfiguration,
} from '../src';

const ALL_TYPES = Object.values(InstrumentType);

/** Runs `fn` with diag.warn captured; returns fn's result and the warnings. */
function withWarnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const warn = jest.spyOn(diag, 'warn').mockImplementation(() => {});
  try {
    const result = fn();
    return { result, warnings: warn.mock.calls.map((c) => String(c[0])) };
  } finally {
    warn.mockRestore();
  }
}
function temporalities(selector: (t: InstrumentType) => AggregationTemporality) {
  return Object.fromEntries(ALL_TYPES.map((t) => [t, selector(t) === AggregationTemporality.DELTA ? 'delta' : 'cumulative']));
}

describe('endpoint (HTTP)', () => {
  it('defaults to http://localhost:4318/v1/metrics', () => {
    expect(resolveHttpConfiguration({}, {}).url.href).toBe('http://localhost:4318/v1/metrics');
  });
  it('appends /v1/metrics to the general endpoint, whatever its trailing slash or base path', () => {
    expect(resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).url.href).toBe('http://collector:4318/v1/metrics');
    expect(resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318/' }).url.href).toBe('https://collector:4318/v1/metrics');
    expect(resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://gw/otlp/' }).url.href).toBe('http://gw/otlp/v1/metrics');
  });
  it('uses the per-signal endpoint as is, over the general one', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://signal:9999/custom' };
    expect(resolveHttpConfiguration({}, env).url.href).toBe('http://signal:9999/custom');
  });
  it('uses the url option over both variables', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://signal:9999/custom' };
    expect(resolveHttpConfiguration({ url: 'http://option:1/x' }, env).url.href).toBe('http://option:1/x');
  });
  it('treats blank variables as unset', () => {
    expect(resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '  ' }).url.href).toBe('http://localhost:4318/v1/metrics');
  });
  it('rejects a bad URL option; a bad URL variable warns and the next one or the default is used', () => {
    expect(() => resolveHttpConfiguration({ url: 'not a url' }, {})).toThrow(/^url: "not a url" is not a valid URL/);
    const signal = withWarnings(() => resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'ftp://x', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:1' }));
    expect(signal.result.url.href).toBe('http://general:1/v1/metrics');
    expect(signal.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: .*expected http: or https:; ignoring it/)]);
    const general = withWarnings(() => resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_ENDPOINT: '::' }));
    expect(general.result.url.href).toBe('http://localhost:4318/v1/metrics');
    expect(general.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_ENDPOINT: "::" is not a valid URL/)]);
  });
});

describe('endpoint (gRPC)', () => {
  it('defaults to localhost:4317 in plaintext', () => {
    expect(resolveGrpcConfiguration({}, {})).toMatchObject({ address: 'localhost:4317', secure: false });
  });
  it('uses the general endpoint as is (no path appended) and the per-signal one over it', () => {
    expect(resolveGrpcConfiguration({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4317' })).toMatchObject({ address: 'collector:4317', secure: true });
    expect(
      resolveGrpcConfiguration({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://general:1', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://signal:2' }),
    ).toMatchObject({ address: 'signal:2', secure: false });
    expect(resolveGrpcConfiguration({ url: 'http://option:3' }, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://signal:2' })).toMatchObject({
      address: 'option:3',
      secure: false,
    });
  });
  it('decides TLS by OTEL_EXPORTER_OTLP_[METRICS_]INSECURE when the endpoint has no scheme', () => {
    expect(resolveGrpcConfiguration({ url: 'collector:4317' }, {}).secure).toBe(true);
    expect(resolveGrpcConfiguration({ url: 'collector:4317' }, { OTEL_EXPORTER_OTLP_INSECURE: 'true' }).secure).toBe(false);
    expect(
      resolveGrpcConfiguration({ url: 'collector:4317' }, { OTEL_EXPORTER_OTLP_INSECURE: 'true', OTEL_EXPORTER_OTLP_METRICS_INSECURE: 'FALSE' }).secure,
    ).toBe(true);
    // The scheme wins over the variable.
    expect(resolveGrpcConfiguration({ url: 'https://collector:4317' }, { OTEL_EXPORTER_OTLP_INSECURE: 'true' }).secure).toBe(true);
  });
  it('keeps IPv6 addresses and fills in the scheme default port', () => {
    expect(resolveGrpcConfiguration({ url: 'http://[::1]:4317' }, {}).address).toBe('[::1]:4317');
    expect(resolveGrpcConfiguration({ url: 'https://collector' }, {}).address).toBe('collector:443');
  });
  it('rejects a bad endpoint option; bad endpoint and INSECURE variables warn and use the default', () => {
    expect(() => resolveGrpcConfiguration({ url: 'unix+x://a' }, {})).toThrow(/^url: .*expected http:, https: or no scheme/);
    const insecure = withWarnings(() => resolveGrpcConfiguration({ url: 'c:1' }, { OTEL_EXPORTER_OTLP_INSECURE: 'yes' }));
    expect(insecure.result.secure).toBe(true);
    expect(insecure.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_INSECURE: "yes" is not a boolean.*; using TLS/)]);
    const endpoint = withWarnings(() => resolveGrpcConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'unix+x://a' }));
    expect(endpoint.result).toMatchObject({ address: 'localhost:4317', secure: false });
    expect(endpoint.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: .*; ignoring it/)]);
  });
});

describe('headers', () => {
  it('parses k=v lists, URL-decoding keys and values and trimming blanks', () => {
    expect(parseHeaderList('api-key=a%20b, x-tenant = t1 ,x=%2C,', 'V')).toEqual({ 'api-key': 'a b', 'x-tenant': 't1', x: ',' });
  });
  it('merges general < per-signal < option', () => {
    const env = { OTEL_EXPORTER_OTLP_HEADERS: 'a=general,b=general', OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'b=signal,c=signal' };
    expect(resolveHttpConfiguration({ headers: { c: 'option' } }, env).headers).toEqual({ a: 'general', b: 'signal', c: 'option' });
    expect(resolveGrpcConfiguration({}, env).envHeaders).toEqual({ a: 'general', b: 'signal', c: 'signal' });
  });
  it('skips a malformed entry with a warning naming the variable and never printing a value', () => {
    const secret = 'Bearer%20s3cr3t-token';
    const env = {
      OTEL_EXPORTER_OTLP_HEADERS: `Authorization ${secret}`,
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: `good=1,x-api-key=${secret}%zz,bad name=${secret},=${secret},ok=2`,
    };
    const { result, warnings } = withWarnings(() => resolveHttpConfiguration({}, env));
    expect(result.headers).toEqual({ good: '1', ok: '2' });
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatch(/OTEL_EXPORTER_OTLP_HEADERS: entry 1 of 1 has no "="/);
    expect(warnings[1]).toMatch(/OTEL_EXPORTER_OTLP_METRICS_HEADERS: entry 2 of 5: the value of header "x-api-key" is not valid URL-encoded text/);
    expect(warnings[2]).toMatch(/entry 3 of 5 has an invalid header name/);
    expect(warnings[3]).toMatch(/entry 4 of 5 has an empty header name/);
    for (const w of warnings) expect(w).not.toMatch(/s3cr3t|Bearer/);
  });
});

describe('timeout and compression', () => {
  it('defaults to 10000 ms and no compression', () => {
    expect(resolveSharedConfiguration({}, {})).toMatchObject({ timeoutMillis: 10000, compression: 'none' });
  });
  it('takes option > per-signal > general', () => {
    const env = { OTEL_EXPORTER_OTLP_TIMEOUT: '1000', OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '2000', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'none' };
    expect(resolveSharedConfiguration({}, env)).toMatchObject({ timeoutMillis: 2000, compression: 'none' });
    expect(resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_TIMEOUT: '1000', OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP' })).toMatchObject({
      timeoutMillis: 1000,
      compression: 'gzip',
    });
    expect(resolveSharedConfiguration({ timeoutMillis: 3000, compression: 'gzip' }, env)).toMatchObject({ timeoutMillis: 3000, compression: 'gzip' });
  });
  it('rejects negative, zero and non-numeric timeouts and unknown compressions in options', () => {
    expect(() => resolveSharedConfiguration({ timeoutMillis: -1 }, {})).toThrow(/^timeoutMillis: -1 is not valid; expected a positive number/);
    expect(() => resolveSharedConfiguration({ compression: 'zstd' as never }, {})).toThrow(/^compression:/);
  });
  it('warns about such values in variables and uses the defaults', () => {
    const timeout = withWarnings(() => resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: 'soon' }));
    expect(timeout.result.timeoutMillis).toBe(10000);
    expect(timeout.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: "soon".*; using 10000 ms/)]);
    const negative = withWarnings(() => resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_TIMEOUT: '-5' }));
    expect(negative.result.timeoutMillis).toBe(10000);
    expect(negative.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_TIMEOUT: "-5"/)]);
    const compression = withWarnings(() => resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_COMPRESSION: 'br' }));
    expect(compression.result.compression).toBe('none');
    expect(compression.warnings).toEqual([
      expect.stringMatching(/OTEL_EXPORTER_OTLP_COMPRESSION: "br" is not a supported compression; expected "gzip" or "none"; using "none"/),
    ]);
  });
  it('validates concurrencyLimit, maxExportBatchSize and retry', () => {
    expect(() => resolveSharedConfiguration({ concurrencyLimit: 0 }, {})).toThrow(/^concurrencyLimit: 0 is not valid/);
    expect(() => resolveSharedConfiguration({ maxExportBatchSize: 1.5 }, {})).toThrow(/^maxExportBatchSize/);
    expect(() => resolveSharedConfiguration({ retry: { maxAttempts: 0 } }, {})).toThrow(/^retry.maxAttempts/);
    expect(resolveSharedConfiguration({}, {}).maxExportBatchSize).toBe(Infinity);
  });
});

describe('temporality preference', () => {
  it('is cumulative for everything by default', () => {
    expect(Object.values(temporalities(resolveSharedConfiguration({}, {}).temporalitySelector))).toEqual(ALL_TYPES.map(() => 'cumulative'));
  });
  it('maps delta per the specification (up-down counters stay cumulative)', () => {
    const t = temporalities(resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta' }).temporalitySelector);
    expect(t).toEqual({
      COUNTER: 'delta',
      OBSERVABLE_COUNTER: 'delta',
      HISTOGRAM: 'delta',
      GAUGE: 'delta',
      OBSERVABLE_GAUGE: 'delta',
      UP_DOWN_COUNTER: 'cumulative',
      OBSERVABLE_UP_DOWN_COUNTER: 'cumulative',
    });
  });
  it('maps lowmemory to delta only for synchronous counters and histograms', () => {
    const t = temporalities(resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'LOWMEMORY' }).temporalitySelector);
    expect(t.COUNTER).toBe('delta');
    expect(t.HISTOGRAM).toBe('delta');
    expect(t.OBSERVABLE_COUNTER).toBe('cumulative');
    expect(t.UP_DOWN_COUNTER).toBe('cumulative');
    expect(t.OBSERVABLE_UP_DOWN_COUNTER).toBe('cumulative');
    expect(t.OBSERVABLE_GAUGE).toBe('cumulative');
  });
  it('lets the option win, as enum, string, AggregationTemporality or selector', () => {
    const env = { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' };
    const cumulative = (o: object) => resolveSharedConfiguration(o, env).temporalitySelector(InstrumentType.COUNTER);
    expect(cumulative({ temporalityPreference: AggregationTemporalityPreference.CUMULATIVE })).toBe(AggregationTemporality.CUMULATIVE);
    expect(cumulative({ temporalityPreference: 'cumulative' })).toBe(AggregationTemporality.CUMULATIVE);
    expect(cumulative({ temporalityPreference: AggregationTemporality.CUMULATIVE })).toBe(AggregationTemporality.CUMULATIVE);
    expect(cumulative({ temporalityPreference: () => AggregationTemporality.CUMULATIVE })).toBe(AggregationTemporality.CUMULATIVE);
  });
  it('warns about an unknown variable value (cumulative then) and rejects an unknown option', () => {
    const { result, warnings } = withWarnings(() =>
      resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes' }),
    );
    expect(Object.values(temporalities(result.temporalitySelector))).toEqual(ALL_TYPES.map(() => 'cumulative'));
    expect(warnings).toEqual([
      expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "sometimes" is not a temporality preference; expected "cumulative", "delta" or "lowmemory"; using "cumulative"/),
    ]);
    expect(() => resolveSharedConfiguration({ temporalityPreference: 7 as never }, {})).toThrow(/^temporalityPreference: 7/);
  });
});

describe('default histogram aggregation', () => {
  it('is the SDK default unless base2_exponential_bucket_histogram is asked for', () => {
    expect(resolveSharedConfiguration({}, {}).aggregationSelector(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.DEFAULT });
    const selector = resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'BASE2_EXPONENTIAL_BUCKET_HISTOGRAM' }).aggregationSelector;
    expect(selector(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.EXPONENTIAL_HISTOGRAM });
    expect(selector(InstrumentType.COUNTER)).toEqual({ type: AggregationType.DEFAULT });
  });
  it('lets aggregationPreference win; an unknown variable value warns and uses the SDK default', () => {
    const drop = () => ({ type: AggregationType.DROP }) as const;
    const env = { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram' };
    expect(resolveSharedConfiguration({ aggregationPreference: drop }, env).aggregationSelector(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.DROP });
    const { result, warnings } = withWarnings(() =>
      resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'summary' }),
    );
    expect(result.aggregationSelector(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.DEFAULT });
    expect(warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: "summary"/)]);
  });
});

describe('protocol', () => {
  it('defaults to http/protobuf; per-signal > general; option wins', () => {
    expect(resolveHttpConfiguration({}, {}).protocol).toBe('http/protobuf');
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json' };
    expect(resolveHttpConfiguration({}, env).protocol).toBe('http/json');
    expect(resolveHttpConfiguration({ protocol: 'http/protobuf' }, env).protocol).toBe('http/protobuf');
  });
  it('warns about grpc for the HTTP exporter and about unknown protocols, using the default', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => {});
    try {
      expect(resolveHttpConfiguration({}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol).toBe('http/protobuf');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('OTEL_EXPORTER_OTLP_PROTOCOL=grpc'));
    } finally {
      warn.mockRestore();
    }
    const env = { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/xml' };
    const http = withWarnings(() => resolveHttpConfiguration({}, env));
    expect(http.result.protocol).toBe('http/protobuf');
    expect(http.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http\/xml" is not an OTLP protocol/)]);
    const grpc = withWarnings(() => resolveGrpcConfiguration({}, env));
    expect(grpc.result.address).toBe('localhost:4317');
    expect(grpc.warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http\/xml" is not an OTLP protocol/)]);
  });
});

describe('certificates', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otlp-cfg-'));
    for (const name of ['ca-general', 'ca-signal', 'cert', 'key']) fs.writeFileSync(path.join(dir, name), name);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the files named by the variables, per-signal over general', () => {
    const env = {
      OTEL_EXPORTER_OTLP_CERTIFICATE: path.join(dir, 'ca-general'),
      OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: path.join(dir, 'ca-signal'),
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: path.join(dir, 'cert'),
      OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY: path.join(dir, 'key'),
    };
    const tls = resolveSharedConfiguration({}, env).envTls;
    expect(tls.ca?.toString()).toBe('ca-signal');
    expect(tls.cert?.toString()).toBe('cert');
    expect(tls.key?.toString()).toBe('key');
  });
  it('lets httpAgentOptions win over the variables', () => {
    const env = { OTEL_EXPORTER_OTLP_CERTIFICATE: path.join(dir, 'ca-general') };
    expect(resolveHttpConfiguration({ httpAgentOptions: { ca: 'mine' } }, env).agentOptions).toMatchObject({ ca: 'mine', keepAlive: true });
  });
  it('warns when a file cannot be read and continues without it', () => {
    const { result, warnings } = withWarnings(() =>
      resolveSharedConfiguration({}, { OTEL_EXPORTER_OTLP_CLIENT_KEY: path.join(dir, 'missing'), OTEL_EXPORTER_OTLP_CERTIFICATE: path.join(dir, 'ca-general') }),
    );
    expect(result.envTls).toEqual({ ca: Buffer.from('ca-general') });
    expect(warnings).toEqual([expect.stringMatching(/OTEL_EXPORTER_OTLP_CLIENT_KEY: cannot read file .*; continuing without it/)]);
  });
});
