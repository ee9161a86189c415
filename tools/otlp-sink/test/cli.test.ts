import { parseCliArgs, runCli } from '../src/cli-main';
import { formatPoint } from '../src/format-point';
import { encodeRequest, post, sampleRequestObject } from './helpers';

describe('otlp-sink CLI', () => {
  it('parses ports, "off" and rejects bad values naming the option', () => {
    expect(parseCliArgs([]).options).toMatchObject({ httpPort: 4318, grpcPort: 4317, host: '127.0.0.1' });
    expect(parseCliArgs(['--http', '0', '--grpc', 'off']).options).toMatchObject({ httpPort: 0, grpcPort: null });
    expect(() => parseCliArgs(['--http', 'x'])).toThrow(/--http: expected a port number/);
    expect(() => parseCliArgs(['--tls-key', 'k.pem'])).toThrow(/--tls-key and --tls-cert go together/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/bogus/);
  });

  it('prints one line per received point', async () => {
    const lines: string[] = [];
    const sink = await runCli(['--http', '0', '--grpc', '0'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    try {
      expect(lines[0]).toMatch(/^otlp-sink: OTLP\/HTTP on http:\/\/127\.0\.0\.1:\d+\/v1\/metrics$/);
      expect(lines[1]).toMatch(/^otlp-sink: OTLP\/gRPC on 127\.0\.0\.1:\d+$/);
      await post(`${sink!.httpUrl}/v1/metrics`, encodeRequest(sampleRequestObject()), { 'Content-Type': 'application/x-protobuf' });
      expect(lines.slice(2)).toEqual([
        'http/protobuf  requests{route="/a",ok=true} sum cumulative monotonic [{request}] = 42',
        'http/protobuf  temperature gauge [Cel] = 21.5',
        'http/protobuf  latency{tags=["x",2]} histogram delta [ms] = count=3 sum=17.5 min=0.5 max=12 bounds=[1,10] counts=[1,1,1]',
        'http/protobuf  sizes exponentialHistogram cumulative = count=6 sum=20 min=-3 max=9 scale=2 zero=1 positive=-3:[1,0,2] negative=1:[2]',
        'http/protobuf  legacy_summary summary = count=4 sum=10 quantiles=[0.5:2,1:4]',
      ]);
    } finally {
      await sink?.close();
    }
  });

  it('prints exemplars after the value, with the full trace id when there is one', () => {
    const exemplar = (value: number, traceId?: string) => ({ filteredAttributes: {}, timeUnixNano: '1', value, isInt: false, traceId, spanId: traceId && 'eee19b7ec3c1b174' });
    const line = formatPoint({
      resource: {},
      scopeName: '',
      name: 'c',
      description: '',
      unit: '',
      kind: 'sum',
      temporality: 'cumulative',
      isMonotonic: true,
      attributes: {},
      startTimeUnixNano: '0',
      timeUnixNano: '0',
      value: 3,
      isInt: false,
      exemplarCount: 2,
      exemplars: [exemplar(2.5, '5b8efff798038103d269b633813fc60c'), exemplar(0.5)],
      flags: 0,
      requestIndex: 0,
    });
    expect(line).toBe('c sum cumulative monotonic = 3 exemplars=[2.5 trace=5b8efff798038103d269b633813fc60c, 0.5]');
  });

  it('leaves out optional histogram fields that were not sent', () => {
    const line = formatPoint({
      resource: {},
      scopeName: '',
      name: 'h',
      description: '',
      unit: '',
      kind: 'histogram',
      temporality: 'delta',
      attributes: {},
      startTimeUnixNano: '0',
      timeUnixNano: '0',
      count: 1,
      bucketCounts: [1],
      explicitBounds: [],
      exemplarCount: 0,
      exemplars: [],
      flags: 0,
      requestIndex: 0,
    });
    expect(line).toBe('h histogram delta = count=1 bounds=[] counts=[1]');
  });
});
