import { countDataPoints, splitResourceMetrics } from '../src';
import { sumMetrics } from './support/fixtures';

function shape(rm: ReturnType<typeof sumMetrics>) {
  return rm.scopeMetrics.map((s) => `${s.scope.name}:${s.metrics.map((m) => `${m.descriptor.name}x${m.dataPoints.length}`).join(',')}`);
}

describe('splitResourceMetrics', () => {
  it('returns the collection itself when it fits', () => {
    const rm = sumMetrics(2, 3);
    expect(splitResourceMetrics(rm, 6)).toEqual([rm]);
    expect(splitResourceMetrics(rm, Infinity)[0]).toBe(rm);
  });

  it('cuts metrics across batches, keeping resource, scope and descriptor, losing and duplicating no point', () => {
    const rm = sumMetrics(3, 4, 2); // 24 points
    const batches = splitResourceMetrics(rm, 5);
    expect(batches.map(countDataPoints)).toEqual([5, 5, 5, 5, 4]);
    expect(batches.map(shape)).toEqual([
      ['scope0:s0.m0x4,s0.m1x1'],
      ['scope0:s0.m1x3,s0.m2x2'],
      ['scope0:s0.m2x2', 'scope1:s1.m0x3'],
      ['scope1:s1.m0x1,s1.m1x4'],
      ['scope1:s1.m2x4'],
    ]);
    for (const b of batches) expect(b.resource).toBe(rm.resource);
    const values = batches.flatMap((b) => b.scopeMetrics.flatMap((s) => s.metrics.flatMap((m) => m.dataPoints.map((p) => `${m.descriptor.name}/${p.value}`))));
    const expected = rm.scopeMetrics.flatMap((s) => s.metrics.flatMap((m) => m.dataPoints.map((p) => `${m.descriptor.name}/${p.value}`)));
    expect(values).toEqual(expected);
  });

  it('splits one metric with many points into single-point batches', () => {
    expect(splitResourceMetrics(sumMetrics(1, 3), 1).map(shape)).toEqual([['scope0:s0.m0x1'], ['scope0:s0.m0x1'], ['scope0:s0.m0x1']]);
  });
});
