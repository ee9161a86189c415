// Event-loop metrics: delay statistics from libuv's own histogram (perf_hooks
// monitorEventLoopDelay: the one timer this package needs, run inside libuv, not a JS timer),
// utilization and time per state from performance.eventLoopUtilization().
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { ATTR_NODEJS_EVENTLOOP_STATE, EVENTLOOP_DELAY_STATS } from './semconv';

const ACTIVE = { [ATTR_NODEJS_EVENTLOOP_STATE]: 'active' };
const IDLE = { [ATTR_NODEJS_EVENTLOOP_STATE]: 'idle' };

/** Fewer samples than this since the last collection give no delay points (too few to mean anything). */
const MIN_DELAY_SAMPLES = 5;

export class EventLoopMetrics {
  readonly observables: Observable[];
  private readonly histogram: IntervalHistogram;
  private readonly delay: Record<(typeof EVENTLOOP_DELAY_STATS)[number], Observable>;
  private readonly utilization: Observable;
  private readonly time: Observable;
  /** ELU at the previous collection: utilization is reported for the interval since then. */
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(meter: Meter, resolutionMillis: number) {
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMillis });
    this.histogram.enable();
    const delay = {} as Record<(typeof EVENTLOOP_DELAY_STATS)[number], Observable>;
    for (const stat of EVENTLOOP_DELAY_STATS) {
      delay[stat] = meter.createObservableGauge(`nodejs.eventloop.delay.${stat}`, {
        description: `Event loop ${stat} delay.`,
        unit: 's',
      });
    }
    this.delay = delay;
    this.utilization = meter.createObservableGauge('nodejs.eventloop.utilization', {
      description: 'Event loop utilization.',
      unit: '1',
    });
    this.time = meter.createObservableCounter('nodejs.eventloop.time', {
      description: 'Cumulative duration of time the event loop has been in each state.',
      unit: 's',
    });
    this.observables = [...Object.values(delay), this.utilization, this.time];
  }

  observe(result: BatchObservableResult): void {
    const h = this.histogram;
    if (h.count >= MIN_DELAY_SAMPLES) {
      // The histogram is in nanoseconds; the conventions ask for seconds.
      result.observe(this.delay.min, h.min / 1e9);
      result.observe(this.delay.max, h.max / 1e9);
      result.observe(this.delay.mean, h.mean / 1e9);
      result.observe(this.delay.stddev, h.stddev / 1e9);
      result.observe(this.delay.p50, h.percentile(50) / 1e9);
      result.observe(this.delay.p90, h.percentile(90) / 1e9);
      result.observe(this.delay.p99, h.percentile(99) / 1e9);
      h.reset();
    }
    const now = performance.eventLoopUtilization();
    result.observe(this.utilization, performance.eventLoopUtilization(now, this.lastElu).utilization);
    this.lastElu = now;
    // active and idle are in milliseconds since the loop started: cumulative already.
    result.observe(this.time, now.active / 1000, ACTIVE);
    result.observe(this.time, now.idle / 1000, IDLE);
  }

  stop(): void {
    this.histogram.disable();
  }
}
