// The core's own tests use the public test kit (src/testing, published as
// @meterkit/sdk-metrics-core/testing) plus a few small helpers of their own.
import { AggregationTemporality } from '../src';

export { TestReader, allMetrics, captureDiag, pointsOf } from '../src/testing';

export function hrToNanos(t: [number, number]): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

export const DELTA = AggregationTemporality.DELTA;
export const CUMULATIVE = AggregationTemporality.CUMULATIVE;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
