// v8js.gc.duration: one histogram measurement per garbage collection, from a
// PerformanceObserver on 'gc' entries (V8 reports them; nothing polls).
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import { ATTR_V8JS_GC_TYPE, GC_DURATION_BUCKETS } from './semconv';

const KIND_ATTRIBUTES: Record<number, Attributes> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: { [ATTR_V8JS_GC_TYPE]: 'major' },
  [constants.NODE_PERFORMANCE_GC_MINOR]: { [ATTR_V8JS_GC_TYPE]: 'minor' },
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: { [ATTR_V8JS_GC_TYPE]: 'incremental' },
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: { [ATTR_V8JS_GC_TYPE]: 'weakcb' },
};

export class GcMetrics {
  private readonly histogram: Histogram;
  private readonly observer: PerformanceObserver;

  constructor(meter: Meter) {
    this.histogram = meter.createHistogram('v8js.gc.duration', {
      description: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
      unit: 's',
      advice: { explicitBucketBoundaries: GC_DURATION_BUCKETS },
    });
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = ((entry as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
        const attributes = kind === undefined ? undefined : KIND_ATTRIBUTES[kind];
        // Entry durations are in milliseconds; the conventions ask for seconds.
        if (attributes !== undefined) this.histogram.record(entry.duration / 1000, attributes);
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    this.observer.disconnect();
  }
}
