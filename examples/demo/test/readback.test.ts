import { estimateQuantile } from '../src/readback/quantile';
import { countsFromExposition } from '../src/readback/from-prometheus';
import { parseExposition } from '../src/readback/prometheus-text';
import { digestExport } from '../src/console-view';

describe('quantile estimation from buckets', () => {
  it('interpolates inside the bucket that holds the rank', () => {
    // 10 values in (0, 1], 10 in (1, 2]
    const h = { bounds: [1, 2], counts: [10, 10, 0] };
    expect(estimateQuantile(0.5, h)).toBeCloseTo(1);
    expect(estimateQuantile(0.75, h)).toBeCloseTo(1.5);
    expect(estimateQuantile(1, h)).toBeCloseTo(2);
  });

  it('uses min and max to narrow the outer buckets, and answers the last bound for +Inf without max', () => {
    expect(estimateQuantile(0.5, { bounds: [10], counts: [2, 0], min: 4, max: 6 })).toBeCloseTo(5);
    expect(estimateQuantile(0.99, { bounds: [1, 2], counts: [0, 0, 5] })).toBe(2);
    expect(estimateQuantile(0.99, { bounds: [1, 2], counts: [0, 0, 5], max: 4 })).toBeCloseTo(3.98);
    expect(estimateQuantile(0.5, { bounds: [1], counts: [0, 0] })).toBeUndefined();
  });
});

describe('reading the demo metrics back from a Prometheus exposition', () => {
  it('adds series up per status code and turns cumulative buckets into per-bucket counts', () => {
    const text = [
      '# TYPE request_count_total counter',
      'request_count_total{http_response_status_code="200",http_route="/a"} 5',
      'request_count_total{http_response_status_code="200",http_route="/b"} 2',
      'request_count_total{http_response_status_code="500",http_route="/a",note="a \\"quoted\\" value"} 1',
      'error_rate_total{error_type="500"} 1',
      'http_server_request_duration_seconds_bucket{http_route="/a",le="0.1"} 3',
      'http_server_request_duration_seconds_bucket{http_route="/a",le="1"} 6',
      'http_server_request_duration_seconds_bucket{http_route="/a",le="+Inf"} 6',
      'http_server_request_duration_seconds_bucket{http_route="/b",le="0.1"} 2',
      'http_server_request_duration_seconds_bucket{http_route="/b",le="1"} 2',
      'http_server_request_duration_seconds_bucket{http_route="/b",le="+Inf"} 2',
    ].join('\n');
    const counts = countsFromExposition(text);
    expect([...counts.requestsByStatus]).toEqual([[200, 7], [500, 1]]);
    expect(counts.errors).toBe(1);
    expect(counts.durationSeconds).toEqual({ bounds: [0.1, 1], counts: [5, 3, 0] });
  });
});

describe('reading exemplars back from an OpenMetrics exposition', () => {
  it('parses the exemplar after a sample (braces and " # " inside label values do not confuse it) and keeps the slowest', () => {
    const ids = (t: string, s: string) => `trace_id="${t.repeat(32)}",span_id="${s.repeat(16)}"`;
    const text = [
      '# TYPE http_server_request_duration_seconds histogram',
      `http_server_request_duration_seconds_bucket{http_route="/a {x} # y",le="0.1"} 3 # {${ids('a', '1')}} 0.05 1700000000.5`,
      `http_server_request_duration_seconds_bucket{http_route="/a {x} # y",le="1.0"} 4 # {${ids('b', '2')}} 0.4 1700000001`,
      `http_server_request_duration_seconds_bucket{http_route="/a {x} # y",le="+Inf"} 4 # {${ids('b', '2')}} 0.4 1700000001`,
      'request_count_total 4 # {} 1',
      '# EOF',
    ].join('\n');
    const { samples } = parseExposition(text);
    expect(samples[0]).toEqual({
      name: 'http_server_request_duration_seconds_bucket',
      labels: { http_route: '/a {x} # y', le: '0.1' },
      value: 3,
      exemplar: { labels: { trace_id: 'a'.repeat(32), span_id: '1'.repeat(16) }, value: 0.05, timestamp: 1700000000.5 },
    });
    expect(samples[3]).toEqual({ name: 'request_count_total', labels: {}, value: 4, exemplar: { labels: {}, value: 1, timestamp: undefined } });
    const counts = countsFromExposition(text);
    expect(counts.durationSeconds).toEqual({ bounds: [0.1, 1], counts: [3, 1, 0] });
    expect(counts.slowestExemplar).toEqual({ traceId: 'b'.repeat(32), spanId: '2'.repeat(16), valueSeconds: 0.4 });
  });
});

describe('the console digest', () => {
  it('shows one line per export: sums added up, histogram counts, gauge values, bytes', () => {
    const doc = {
      resource_metrics: [
        {
          scope_metrics: [
            {
              metrics: [
                { name: 'request_count', unit: '{request}', type: 'sum', data: { data_points: [{ value: 3 }, { value: 4 }] } },
                { name: 'latency', unit: 's', type: 'histogram', data: { data_points: [{ count: 7 }] } },
                { name: 'cpu', unit: '1', type: 'gauge', data: { data_points: [{ value: 0.25 }] } },
                { name: 'mem', unit: 'By', type: 'sum', data: { data_points: [{ value: 1048576 }] } },
              ],
            },
          ],
        },
      ],
    };
    expect(digestExport(doc, 2)).toBe('[console exporter] export #2: request_count 7 · latency n=7 · cpu 0.250 · mem 1.0 MiB');
  });
});
