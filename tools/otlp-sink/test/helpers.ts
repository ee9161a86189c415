import * as http from 'http';
import { loadSchema } from '../src/schema';

/** A request in protobufjs `fromObject` form with one of each metric kind. */
export function sampleRequestObject() {
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'sink-test' } },
            { key: 'host.cpus', value: { intValue: 8 } },
          ],
        },
        scopeMetrics: [
          {
            scope: { name: 'test-meter', version: '1.2.3' },
            metrics: [
              {
                name: 'requests',
                description: 'handled requests',
                unit: '{request}',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      attributes: [
                        { key: 'route', value: { stringValue: '/a' } },
                        { key: 'ok', value: { boolValue: true } },
                      ],
                      startTimeUnixNano: '1700000000000000000',
                      timeUnixNano: '1700000010000000123',
                      asInt: 42,
                    },
                  ],
                },
              },
              {
                name: 'temperature',
                description: '',
                unit: 'Cel',
                gauge: { dataPoints: [{ timeUnixNano: '1700000010000000000', asDouble: 21.5 }] },
              },
              {
                name: 'latency',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      attributes: [{ key: 'tags', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 2 }] } } }],
                      startTimeUnixNano: '1700000000000000000',
                      timeUnixNano: '1700000010000000000',
                      count: 3,
                      sum: 17.5,
                      min: 0.5,
                      max: 12,
                      bucketCounts: [1, 1, 1],
                      explicitBounds: [1, 10],
                    },
                  ],
                },
              },
              {
                name: 'sizes',
                exponentialHistogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      startTimeUnixNano: '1700000000000000000',
                      timeUnixNano: '1700000010000000000',
                      count: 6,
                      sum: 20,
                      scale: 2,
                      zeroCount: 1,
                      positive: { offset: -3, bucketCounts: [1, 0, 2] },
                      negative: { offset: 1, bucketCounts: [2] },
                      min: -3,
                      max: 9,
                    },
                  ],
                },
              },
              {
                name: 'legacy_summary',
                summary: {
                  dataPoints: [
                    {
                      timeUnixNano: '1700000010000000000',
                      count: 4,
                      sum: 10,
                      quantileValues: [
                        { quantile: 0.5, value: 2 },
                        { quantile: 1, value: 4 },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

export function encodeRequest(obj: object): Buffer {
  const T = loadSchema().ExportMetricsServiceRequest;
  return Buffer.from(T.encode(T.fromObject(obj)).finish());
}

export function decodeResponse(buf: Buffer): any {
  const T = loadSchema().ExportMetricsServiceResponse;
  return T.toObject(T.decode(buf), { longs: Number });
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One POST on its own connection (agent: false), so nothing stays open after the test. */
export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
  options: { agent?: http.Agent | false } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers }, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
