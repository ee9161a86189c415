// The names, units, point types and attribute keys of @meterkit/runtime-metrics against what
// @opentelemetry/instrumentation-runtime-node emits on the same process: every metric the
// instrumentation emits must exist here with the same unit, type and attribute keys.
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { MetricData } from '@meterkit/sdk-metrics-core';
import { startRuntimeMetrics } from '../src';
import { busyWait, collectByName, forceGc, providerWithReader, sleep } from './helpers';

function shape(metric: MetricData) {
  const keys = new Set<string>();
  for (const point of metric.dataPoints as Array<{ attributes: Record<string, unknown> }>) {
    for (const key of Object.keys(point.attributes)) keys.add(key);
  }
  return {
    unit: metric.descriptor.unit,
    dataPointType: metric.dataPointType,
    isMonotonic: (metric as { isMonotonic?: boolean }).isMonotonic,
    attributeKeys: [...keys].sort(),
  };
}

test('every metric of instrumentation-runtime-node has the same name, unit, type and attributes here', async () => {
  const ours = providerWithReader();
  const theirs = providerWithReader();
  const runtime = startRuntimeMetrics({ meterProvider: ours.provider });
  const instrumentation = new RuntimeNodeInstrumentation({ monitoringPrecision: 10 });
  instrumentation.setMeterProvider(theirs.provider);
  instrumentation.enable();
  try {
    // First collection sets the utilization baseline of both; then give the loop some work,
    // delay samples (the 10 ms sampler needs a few ticks) and a garbage collection.
    await collectByName(ours.reader);
    await collectByName(theirs.reader);
    busyWait(30);
    await sleep(120);
    forceGc();
    await sleep(50);
    const ourMetrics = await collectByName(ours.reader);
    const theirMetrics = await collectByName(theirs.reader);

    expect(theirMetrics.size).toBeGreaterThanOrEqual(10);
    for (const [name, metric] of theirMetrics) {
      const mine = ourMetrics.get(name);
      expect({ name, present: mine !== undefined }).toEqual({ name, present: true });
      // Attribute keys only where both have points (a gauge of a resource type may be absent).
      const a = shape(mine!);
      const b = shape(metric);
      expect({ name, unit: a.unit, type: a.dataPointType, monotonic: a.isMonotonic }).toEqual({
        name,
        unit: b.unit,
        type: b.dataPointType,
        monotonic: b.isMonotonic,
      });
      if (b.attributeKeys.length > 0) expect({ name, keys: a.attributeKeys }).toEqual({ name, keys: b.attributeKeys });
    }
    // The GC histogram recorded the collection we forced, with a kind both agree on.
    const gc = ourMetrics.get('v8js.gc.duration')!;
    expect(gc.dataPoints.length).toBeGreaterThan(0);
  } finally {
    instrumentation.disable();
    runtime.stop();
    await ours.provider.shutdown();
    await theirs.provider.shutdown();
  }
});
