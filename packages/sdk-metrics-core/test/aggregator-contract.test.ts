// What every aggregation owns, checked for every AggregationType (a new aggregation is
// covered as soon as it has its entry in create-aggregator.ts): recording marks the series
// updated, the MetricData carries the aggregator's point type (and monotonicity for sums
// only), and only a monotonic sum that goes down counts as a reset of an observed source.
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, AggregationType, DataPointType, InstrumentType, type AggregationOption } from '../src';
import { createAggregator } from '../src/aggregators/create-aggregator';
import type { Accumulation, Aggregator } from '../src/aggregators/aggregator';
import { toMetricData, type StreamConfig } from '../src/state/stream';
import type { InstrumentDescriptor } from '../src/data/instrument-descriptor';

function instrument(type: InstrumentType): InstrumentDescriptor {
  return { name: 'x', type, description: '', unit: '', valueType: ValueType.DOUBLE, advice: {} };
}

const DESCRIPTOR = { name: 'x', description: '', unit: '', valueType: ValueType.DOUBLE };
const TYPES = Object.values(AggregationType).filter((v): v is AggregationType => typeof v === 'number');
const KINDS = Object.values(InstrumentType);

function aggregatorFor(type: AggregationType, kind: InstrumentType): Aggregator | undefined {
  return createAggregator({ type } as AggregationOption, instrument(kind));
}

describe('every aggregation', () => {
  it.each(TYPES.filter((t) => t !== AggregationType.DROP).flatMap((t) => KINDS.map((k) => [AggregationType[t], k, t] as const)))(
    '%s on %s: record marks the series updated; the MetricData has the point type',
    (_name, kind, type) => {
      const aggregator = aggregatorFor(type, kind)!;
      const acc: Accumulation = aggregator.createAccumulation();
      expect(acc.updated).toBe(false);
      acc.record(3);
      expect(acc.updated).toBe(true);
      const point = { startTime: [0, 0] as [number, number], endTime: [1, 0] as [number, number], attributes: {}, value: aggregator.toPointValue(acc) };
      const stream: StreamConfig = { instrument: instrument(kind), descriptor: DESCRIPTOR, aggregator, temporality: AggregationTemporality.CUMULATIVE, cardinalityLimit: 10 };
      const data = toMetricData(stream, [point])!;
      expect(data.dataPointType).toBe(aggregator.dataPointType);
      expect(data.dataPoints).toEqual([point]);
      expect(data.descriptor).toBe(DESCRIPTOR);
      if (data.dataPointType === DataPointType.SUM) {
        expect(data.isMonotonic).toBe(kind === InstrumentType.COUNTER || kind === InstrumentType.OBSERVABLE_COUNTER || kind === InstrumentType.HISTOGRAM);
      } else {
        expect('isMonotonic' in data).toBe(false);
      }
    },
  );

  it('DROP makes no aggregator; an unknown type gets the default aggregation of the instrument kind', () => {
    expect(aggregatorFor(AggregationType.DROP, InstrumentType.COUNTER)).toBeUndefined();
    expect(aggregatorFor(99 as AggregationType, InstrumentType.HISTOGRAM)?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(aggregatorFor(AggregationType.DEFAULT, InstrumentType.GAUGE)?.dataPointType).toBe(DataPointType.GAUGE);
    expect(aggregatorFor(AggregationType.DEFAULT, InstrumentType.OBSERVABLE_UP_DOWN_COUNTER)?.dataPointType).toBe(DataPointType.SUM);
  });
});

describe('isReset (an observed cumulative source started again)', () => {
  /** As the state layer reads it (state/async-accumulator.ts): absent means never. */
  const isReset = (aggregator: Aggregator, previous: Accumulation, current: Accumulation) => aggregator.isReset?.(previous, current) === true;

  function observed(aggregator: Aggregator, value: number): Accumulation {
    const acc = aggregator.createAccumulation();
    acc.record(value);
    return acc;
  }

  it('a monotonic sum that goes down is a reset; staying or going up is not', () => {
    const sum = aggregatorFor(AggregationType.SUM, InstrumentType.OBSERVABLE_COUNTER)!;
    expect(isReset(sum, observed(sum, 10), observed(sum, 4))).toBe(true);
    expect(isReset(sum, observed(sum, 10), observed(sum, 10))).toBe(false);
    expect(isReset(sum, observed(sum, 10), observed(sum, 12))).toBe(false);
  });

  it('a non-monotonic sum, a gauge or a histogram never resets', () => {
    for (const [type, kind] of [
      [AggregationType.SUM, InstrumentType.OBSERVABLE_UP_DOWN_COUNTER],
      [AggregationType.LAST_VALUE, InstrumentType.OBSERVABLE_GAUGE],
      [AggregationType.EXPLICIT_BUCKET_HISTOGRAM, InstrumentType.OBSERVABLE_GAUGE],
      [AggregationType.EXPONENTIAL_HISTOGRAM, InstrumentType.OBSERVABLE_COUNTER],
    ] as const) {
      const aggregator = aggregatorFor(type, kind)!;
      expect(isReset(aggregator, observed(aggregator, 10), observed(aggregator, 4))).toBe(false);
    }
  });
});
