// Records one measurement series on each of the seven instrument kinds, and the values the
// receiver must then see.
import type { Meter } from '@opentelemetry/api';

export const ATTRS = { route: '/checkout', ok: true };

export interface Workload {
  /** Second round of synchronous recordings, for checking delta vs cumulative. */
  recordMore(): void;
}

export function recordAllKinds(meter: Meter, prefix: string): Workload {
  const counter = meter.createCounter(`${prefix}.requests`, { unit: '{request}', description: 'requests served' });
  const upDown = meter.createUpDownCounter(`${prefix}.active`, { unit: '{connection}' });
  const histogram = meter.createHistogram(`${prefix}.duration`, { unit: 'ms' });
  const gauge = meter.createGauge(`${prefix}.temperature`, { unit: 'Cel' });
  let observed = 100;
  meter.createObservableCounter(`${prefix}.cpu_time`, { unit: 's' }).addCallback((r) => r.observe(observed, ATTRS));
  meter.createObservableUpDownCounter(`${prefix}.queue`, { unit: '{item}' }).addCallback((r) => r.observe(-5, ATTRS));
  meter.createObservableGauge(`${prefix}.load`, { unit: '1' }).addCallback((r) => r.observe(0.75, ATTRS));

  counter.add(5, ATTRS);
  counter.add(3, ATTRS);
  upDown.add(10, ATTRS);
  upDown.add(-4, ATTRS);
  histogram.record(1, ATTRS);
  histogram.record(7, ATTRS);
  histogram.record(300, ATTRS);
  gauge.record(21.5, ATTRS);
  return {
    recordMore() {
      counter.add(2, ATTRS);
      upDown.add(1, ATTRS);
      histogram.record(4, ATTRS);
      observed = 130;
    },
  };
}
