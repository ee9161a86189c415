// Turns an aggregation choice (view, reader selector or default) into an Aggregator for
// one instrument, following the specification's default aggregation per instrument kind.
import { diag } from '@opentelemetry/api';
import { InstrumentType } from '../data/metric-data';
import { isMonotonicKind } from '../data/instrument-kinds';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { Aggregator } from './aggregator';
import { AggregationType, DEFAULT_HISTOGRAM_BOUNDARIES, type AggregationOption } from './aggregation-option';
import { SumAggregator } from './sum';
import { LastValueAggregator } from './last-value';
import { ExplicitBucketHistogramAggregator } from './explicit-bucket-histogram';
import { ExponentialHistogramAggregator } from './exponential-histogram';
import { checkBoundaries } from './bucket-boundaries';

function adviceBoundaries(instrument: InstrumentDescriptor): readonly number[] | undefined {
  const advised = instrument.advice?.explicitBucketBoundaries;
  if (advised === undefined) return undefined;
  const problem = checkBoundaries(advised);
  if (problem !== undefined) {
    diag.warn(`Instrument "${instrument.name}": ignoring advisory explicitBucketBoundaries: ${problem}`);
    return undefined;
  }
  return advised;
}

/** The aggregator for `option`, or undefined when measurements are dropped. */
export function createAggregator(option: AggregationOption, instrument: InstrumentDescriptor): Aggregator | undefined {
  const type = instrument.type;
  switch (option.type) {
    case AggregationType.DROP:
      return undefined;
    case AggregationType.SUM:
      return new SumAggregator(isMonotonicKind(type));
    case AggregationType.LAST_VALUE:
      return new LastValueAggregator();
    case AggregationType.EXPLICIT_BUCKET_HISTOGRAM: {
      const boundaries = option.options?.boundaries ?? adviceBoundaries(instrument) ?? DEFAULT_HISTOGRAM_BOUNDARIES;
      const problem = checkBoundaries(boundaries);
      if (problem !== undefined) throw new RangeError(`Explicit bucket histogram aggregation: ${problem}`);
      return new ExplicitBucketHistogramAggregator({
        boundaries,
        recordMinMax: option.options?.recordMinMax ?? true,
        recordSum: isMonotonicKind(type),
      });
    }
    case AggregationType.EXPONENTIAL_HISTOGRAM:
      return new ExponentialHistogramAggregator({
        maxSize: option.options?.maxSize,
        maxScale: option.options?.maxScale,
        recordMinMax: option.options?.recordMinMax,
        recordSum: isMonotonicKind(type),
      });
    case AggregationType.DEFAULT:
    default:
      return createDefaultAggregator(instrument);
  }
}

function createDefaultAggregator(instrument: InstrumentDescriptor): Aggregator {
  switch (instrument.type) {
    case InstrumentType.COUNTER:
    case InstrumentType.UP_DOWN_COUNTER:
    case InstrumentType.OBSERVABLE_COUNTER:
    case InstrumentType.OBSERVABLE_UP_DOWN_COUNTER:
      return new SumAggregator(isMonotonicKind(instrument.type));
    case InstrumentType.GAUGE:
    case InstrumentType.OBSERVABLE_GAUGE:
      return new LastValueAggregator();
    case InstrumentType.HISTOGRAM:
      return new ExplicitBucketHistogramAggregator({
        boundaries: adviceBoundaries(instrument) ?? DEFAULT_HISTOGRAM_BOUNDARIES,
        recordMinMax: true,
        recordSum: true,
      });
  }
}
