// Encoding in slices: a large request gives the event loop turns while it is being encoded
// (with a zero-length slice, after every chunk of points) and still comes out byte for byte
// the same as the one-go encoding. Behaviour only; the longest block is measured in tools/bench.
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { JSON_METRICS_SERIALIZER, PROTOBUF_METRICS_SERIALIZER } from '../../src';
import { sumMetrics } from '../support/fixtures';

describe.each([
  ['protobuf', PROTOBUF_METRICS_SERIALIZER],
  ['json', JSON_METRICS_SERIALIZER],
] as const)('%s', (_name, serializer) => {
  const metrics: ResourceMetrics = sumMetrics(3, 2_000);

  test('other callbacks run while a large request is encoded', async () => {
    let turns = 0;
    let done = false;
    const tick = (): void => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const bytes = await serializer.encodeRequest!(metrics, 0);
    done = true;
    // 6000 points in chunks of 256: 24 chunks, each followed by a turn.
    expect(turns).toBeGreaterThanOrEqual(20);
    expect(Buffer.from(bytes).equals(Buffer.from(serializer.serializeRequest(metrics)!))).toBe(true);
  });

  test('with an unbounded slice, no pause at all', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    await serializer.encodeRequest!(metrics, Infinity);
    expect(turned).toBe(false);
  });
});
