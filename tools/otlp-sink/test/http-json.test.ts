import { OtlpSink, startOtlpSink } from '../src';
import { post } from './helpers';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

// OTLP/JSON as an exporter sends it: lowerCamelCase, enums as integers, 64-bit integers as
// strings, trace/span ids as hex.
const otlpJson = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-svc' } }] },
      scopeMetrics: [
        {
          scope: { name: 'm', version: '' },
          metrics: [
            {
              name: 'jobs',
              unit: '1',
              sum: {
                aggregationTemporality: 1,
                isMonotonic: false,
                dataPoints: [
                  {
                    attributes: [{ key: 'queue', value: { stringValue: 'q1' } }],
                    startTimeUnixNano: '1700000000000000000',
                    timeUnixNano: '1700000001000000007',
                    asInt: '-3',
                    exemplars: [
                      {
                        timeUnixNano: '1700000000500000000',
                        asDouble: 1,
                        traceId: '5b8efff798038103d269b633813fc60c',
                        spanId: 'eee19b7ec3c1b174',
                      },
                    ],
                  },
                ],
              },
              someFieldFromTheFuture: { x: 1 },
            },
            {
              name: 'hist',
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [{ count: '2', sum: 3, bucketCounts: ['1', '1'], explicitBounds: [2], timeUnixNano: '5' }],
              },
            },
          ],
        },
      ],
    },
  ],
};

describe('OTLP/HTTP JSON', () => {
  let sink: OtlpSink;
  beforeEach(async () => {
    sink = await startOtlpSink({ grpcPort: false });
  });
  afterEach(() => sink.close());

  it('decodes OTLP/JSON (string int64, integer enums, hex ids) and answers JSON', async () => {
    const res = await post(`${sink.httpUrl}/v1/metrics`, JSON.stringify(otlpJson), JSON_HEADERS);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body.toString())).toEqual({});

    expect(sink.requests[0]).toMatchObject({ encoding: 'json', transport: 'http' });
    const [jobs, hist] = sink.points();
    expect(jobs).toMatchObject({
      name: 'jobs',
      kind: 'sum',
      temporality: 'delta',
      isMonotonic: false,
      value: -3,
      isInt: true,
      timeUnixNano: '1700000001000000007',
      attributes: { queue: 'q1' },
      resource: { 'service.name': 'json-svc' },
      scopeVersion: undefined,
      exemplarCount: 1,
      exemplars: [
        {
          filteredAttributes: {},
          timeUnixNano: '1700000000500000000',
          value: 1,
          isInt: false,
          traceId: '5b8efff798038103d269b633813fc60c',
          spanId: 'eee19b7ec3c1b174',
        },
      ],
    });
    expect(hist).toMatchObject({ kind: 'histogram', count: 2, bucketCounts: [1, 1], explicitBounds: [2], temporality: 'cumulative' });
    // bytes come out as base64 in `body`; the hex ids were read as hex.
    const exemplar = sink.requests[0].body.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].exemplars[0];
    expect(Buffer.from(exemplar.traceId, 'base64').toString('hex')).toBe('5b8efff798038103d269b633813fc60c');
    expect(Buffer.from(exemplar.spanId, 'base64').toString('hex')).toBe('eee19b7ec3c1b174');
  });

  it('is lenient: snake_case names, enum names and int64 as numbers', async () => {
    const body = {
      resource_metrics: [
        {
          scope_metrics: [
            {
              metrics: [
                {
                  name: 'snake',
                  sum: {
                    aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
                    is_monotonic: true,
                    data_points: [{ as_double: 1.5, time_unix_nano: 1000 }],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(`${sink.httpUrl}/v1/metrics`, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(sink.points()[0]).toMatchObject({ name: 'snake', value: 1.5, temporality: 'cumulative', isMonotonic: true, timeUnixNano: '1000' });
  });

  it('sends partial success as OTLP/JSON', async () => {
    sink.enqueue({ partialSuccess: { rejectedDataPoints: 2, errorMessage: 'two points too old' } });
    const res = await post(`${sink.httpUrl}/v1/metrics`, JSON.stringify(otlpJson), JSON_HEADERS);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({
      partialSuccess: { rejectedDataPoints: '2', errorMessage: 'two points too old' },
    });
  });

  it('answers errors with a google.rpc.Status JSON body', async () => {
    sink.enqueue({ httpStatus: 400 });
    const res = await post(`${sink.httpUrl}/v1/metrics`, JSON.stringify(otlpJson), JSON_HEADERS);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 3, message: expect.any(String) });
  });

  it('rejects JSON that is not an ExportMetricsServiceRequest with 400', async () => {
    for (const bad of ['{"resourceMetrics": ', '[1,2]', '{"resourceMetrics": 5}']) {
      const res = await post(`${sink.httpUrl}/v1/metrics`, bad, JSON_HEADERS);
      expect(res.status).toBe(400);
    }
    expect(sink.requests).toHaveLength(0);
    expect(sink.attempts).toBe(3);
  });
});
