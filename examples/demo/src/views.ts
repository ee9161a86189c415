// The views of the reference architecture, written with @meterkit/views.
import { Aggregation, InstrumentType, createView, type View } from '@meterkit/views';

/** Custom bucket bounds from the reference architecture. */
export const LATENCY_MS_BOUNDARIES = [1, 21, 50, 100, 1000];

export function demoViews(): View[] {
  return [
    // Rename: the instrument stays `traffic_volume` in the code; the exported stream is
    // `request_count` in every backend (console, OTLP, Prometheus as request_count_total).
    createView({ instrumentType: InstrumentType.COUNTER, instrumentName: 'traffic_volume', name: 'request_count' }),

    // Custom buckets. The reference architecture applies [1, 21, 50, 100, 1000] to every
    // histogram (`instrument_name="*"`). Those bounds are milliseconds: applied to
    // `http.server.request.duration` (unit `s`, as the semantic conventions require) they
    // would put every request faster than one second in the first bucket and make the
    // histogram useless. So the view selects histograms whose unit is `ms` — here
    // `request_latency`, the same latency recorded in milliseconds — and the seconds
    // histogram keeps the semantic-convention bounds it asks for through `advice`.
    createView({
      instrumentType: InstrumentType.HISTOGRAM,
      instrumentUnit: 'ms',
      aggregation: Aggregation.explicitBucketHistogram(LATENCY_MS_BOUNDARIES),
    }),

    // The reference architecture's third example drops `process.cpu.utilization`
    // (DropAggregation). The demo keeps it so you can see an ObservableGauge in every
    // backend; `createView({ instrumentName: 'process.cpu.utilization', aggregation:
    // Aggregation.drop() })` is how you would drop it.
  ];
}
