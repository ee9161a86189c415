import { AggregationTemporality, DataPointType } from '@meterkit/sdk-metrics-core';
import { startRuntimeMetrics } from '../src';
import { busyWait, collectByName, forceGc, providerWithReader, sleep } from './helpers';

function points(metric: { dataPoints: unknown[] } | undefined) {
  return (metric?.dataPoints ?? []) as Array<{ attributes: Record<string, unknown>; value: any }>;
}

describe('startRuntimeMetrics', () => {
  test('process, event-loop and heap metrics carry the conventions\' units and plausible values', async () => {
    const { provider, reader } = providerWithReader();
    const runtime = startRuntimeMetrics({ meterProvider: provider });
    try {
      await collectByName(reader);
      busyWait(50);
      await sleep(100);
      const m = await collectByName(reader);

      const cpuTime = m.get('process.cpu.time')!;
      expect(cpuTime.descriptor.unit).toBe('s');
      expect(cpuTime.dataPointType).toBe(DataPointType.SUM);
      expect(cpuTime.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
      const modes = points(cpuTime).map((p) => p.attributes['cpu.mode']).sort();
      expect(modes).toEqual(['system', 'user']);
      const user = points(cpuTime).find((p) => p.attributes['cpu.mode'] === 'user')!.value as number;
      expect(user).toBeGreaterThan(0.04); // at least the 50 ms busy wait

      const utilization = points(m.get('process.cpu.utilization'));
      for (const p of utilization) {
        expect(p.value).toBeGreaterThanOrEqual(0);
        expect(p.value).toBeLessThanOrEqual(1);
      }
      const rss = points(m.get('process.memory.usage'))[0]!.value as number;
      expect(rss).toBeGreaterThan(10 * 1024 * 1024);
      expect(m.get('process.memory.usage')!.descriptor.unit).toBe('By');
      const uptime = points(m.get('process.uptime'))[0]!.value as number;
      expect(uptime).toBeGreaterThan(0);
      expect(uptime).toBeLessThan(process.uptime() + 1);

      const elu = points(m.get('nodejs.eventloop.utilization'))[0]!.value as number;
      expect(elu).toBeGreaterThan(0);
      expect(elu).toBeLessThanOrEqual(1);
      const states = points(m.get('nodejs.eventloop.time')).map((p) => p.attributes['nodejs.eventloop.state']).sort();
      expect(states).toEqual(['active', 'idle']);

      const p99 = points(m.get('nodejs.eventloop.delay.p99'))[0]!.value as number;
      const max = points(m.get('nodejs.eventloop.delay.max'))[0]!.value as number;
      expect(p99).toBeGreaterThan(0);
      expect(max).toBeGreaterThanOrEqual(p99);
      expect(max).toBeLessThan(5); // seconds, not nanoseconds

      const spaces = points(m.get('v8js.memory.heap.used')).map((p) => p.attributes['v8js.heap.space.name']);
      expect(spaces).toContain('old_space');
      expect(spaces).toContain('new_space');

      if (process.platform === 'linux') {
        const fds = points(m.get('process.unix.file_descriptor.count'))[0]!.value as number;
        expect(fds).toBeGreaterThan(2);
      }
    } finally {
      runtime.stop();
      await provider.shutdown();
    }
  });

  test('v8js.gc.duration records a forced collection in seconds with its kind', async () => {
    const { provider, reader } = providerWithReader();
    const runtime = startRuntimeMetrics({ meterProvider: provider });
    try {
      forceGc();
      await sleep(50); // GC entries are delivered asynchronously
      const gc = (await collectByName(reader)).get('v8js.gc.duration')!;
      expect(gc.descriptor.unit).toBe('s');
      const kinds = points(gc).map((p) => p.attributes['v8js.gc.type']);
      expect(kinds).toContain('major');
      const major = points(gc).find((p) => p.attributes['v8js.gc.type'] === 'major')!.value;
      expect(major.count).toBeGreaterThanOrEqual(1);
      expect(major.max).toBeLessThan(5);
    } finally {
      runtime.stop();
      await provider.shutdown();
    }
  });

  test('stop() removes the callback: later collections carry no runtime metrics', async () => {
    const { provider, reader } = providerWithReader();
    const runtime = startRuntimeMetrics({ meterProvider: provider });
    expect((await collectByName(reader)).has('process.uptime')).toBe(true);
    runtime.stop();
    runtime.stop();
    expect((await collectByName(reader)).has('process.uptime')).toBe(false);
    await provider.shutdown();
  });

  test('a misspelled option is rejected by name', () => {
    expect(() => startRuntimeMetrics({ meterProvdier: undefined } as never)).toThrow(/meterProvdier.*meterProvider/);
    expect(() => startRuntimeMetrics({ eventLoopDelayResolutionMillis: 0 })).toThrow(/eventLoopDelayResolutionMillis/);
  });
});
