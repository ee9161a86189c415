// Start times of cumulative points (aggregators/start-times.ts): the series' creation time
// floored to the millisecond, one frozen array for series that started in the same
// millisecond, the same in every collection, never after the first measurement.
import { hrTime } from '@opentelemetry/core';
import type { HrTime } from '@opentelemetry/api';
import { MeterProvider } from '../src';
import { startTimeOf } from '../src/aggregators/start-times';
import { CUMULATIVE, TestReader } from './helpers';

const nanos = (t: HrTime) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);

test('series started in the same millisecond share one frozen start time, floored to it', () => {
  const a = startTimeOf(100, 7_250_000);
  const b = startTimeOf(100, 7_999_999);
  expect(b).toBe(a);
  expect([...a]).toEqual([100, 7_000_000]);
  expect(Object.isFrozen(a)).toBe(true);
  expect(startTimeOf(100, 8_000_000)).not.toBe(a);
  expect([...startTimeOf(101, 7_250_000)]).toEqual([101, 7_000_000]);
  // Asked again after other times: an equal array, not necessarily the same one.
  expect([...startTimeOf(100, 7_500_000)]).toEqual([100, 7_000_000]);
});

test('a cumulative point starts no later than its first measurement, at the same time in every collection', async () => {
  const reader = new TestReader({ temporality: CUMULATIVE });
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('m').createCounter('c');
  const before = hrTime();
  for (let i = 0; i < 50; i++) counter.add(1, { route: `/r${i}` });
  const after = hrTime();
  const first = (await reader.metric('c'))!.dataPoints;
  counter.add(1, { route: '/r0' });
  const second = (await reader.metric('c'))!.dataPoints;
  expect(first).toHaveLength(50);
  for (const p of first) {
    expect(nanos(p.startTime)).toBeLessThanOrEqual(nanos(after));
    expect(nanos(p.startTime)).toBeGreaterThan(nanos(before) - 1_000_000n);
    expect(Object.isFrozen(p.startTime)).toBe(true);
  }
  expect(second.map((p) => nanos(p.startTime))).toEqual(first.map((p) => nanos(p.startTime)));
  await provider.shutdown();
});
