// Turns an aggregation choice (view, reader selector or default) into an Aggregator for
// one instrument. One entry per AggregationType: adding an aggregation is its file in
// aggregators/ plus its entry in AGGREGATIONS (and, for a new choice, its AggregationType).
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
import { aggregationOptionError, findAggregationOptionProblem, resolveType } from './aggregation-option-check';

/** Makes the aggregator of one aggregation type for `instrument`; undefined drops the measurements. */
type AggregatorFactory<T extends AggregationType> = (
  option: Extract<AggregationOption, { type: T }>,
  instrument: InstrumentDescriptor,
) => Aggregator | undefined;

/** The specification's default aggregation of each instrument kind. */
const DEFAULT_AGGREGATION: Record<InstrumentType, AggregationType> = {
  [InstrumentType.COUNTER]: AggregationType.SUM,
  [InstrumentType.UP_DOWN_COUNTER]: AggregationType.SUM,
  [InstrumentType.OBSERVABLE_COUNTER]: AggregationType.SUM,
  [InstrumentType.OBSERVABLE_UP_DOWN_COUNTER]: AggregationType.SUM,
  [InstrumentType.GAUGE]: AggregationType.LAST_VALUE,
  [InstrumentType.OBSERVABLE_GAUGE]: AggregationType.LAST_VALUE,
  [InstrumentType.HISTOGRAM]: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
};

/**
 * The aggregators without options hold no state: one of each serves every stream (about 30
 * bytes of every instrument).
 */
const MONOTONIC_SUM = new SumAggregator(true);
const SUM = new SumAggregator(false);
const LAST_VALUE = new LastValueAggregator();

/** Every aggregation, by type (the compiler insists on one entry per AggregationType). */
const AGGREGATIONS: { [T in AggregationType]: AggregatorFactory<T> } = {
  [AggregationType.DEFAULT]: (_option, instrument) =>
    createAggregator({ type: DEFAULT_AGGREGATION[instrument.type] } as AggregationOption, instrument),
  [AggregationType.DROP]: () => undefined,
  [AggregationType.SUM]: (_option, instrument) => (isMonotonicKind(instrument.type) ? MONOTONIC_SUM : SUM),
  [AggregationType.LAST_VALUE]: () => LAST_VALUE,
  [AggregationType.EXPLICIT_BUCKET_HISTOGRAM]: (option, instrument) => {
    // A view's boundaries (checked by createAggregator) win over the instrument's advice
    // (checked here), which wins over the default.
    const boundaries = option.options?.boundaries ?? adviceBoundaries(instrument) ?? DEFAULT_HISTOGRAM_BOUNDARIES;
    return new ExplicitBucketHistogramAggregator({
      boundaries,
      recordMinMax: option.options?.recordMinMax ?? true,
      recordSum: isMonotonicKind(instrument.type),
    });
  },
  [AggregationType.EXPONENTIAL_HISTOGRAM]: (option, instrument) =>
    new ExponentialHistogramAggregator({
      maxSize: option.options?.maxSize,
      maxScale: option.options?.maxScale,
      recordMinMax: option.options?.recordMinMax,
      recordSum: isMonotonicKind(instrument.type),
    }),
};

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

/**
 * The aggregator for `option` (from a view or a reader's aggregation selector), or undefined
 * when measurements are dropped. Options are checked by the rules @meterkit/views applies
 * (aggregation-option-check.ts): an invalid one throws, naming the instrument; an unknown
 * type is reported and the instrument's default aggregation used, as before there was a check.
 */
export function createAggregator(option: AggregationOption, instrument: InstrumentDescriptor): Aggregator | undefined {
  const problem = findAggregationOptionProblem(option);
  if (problem?.path === 'type' || problem?.path === '') {
    diag.warn(`Instrument "${instrument.name}": aggregation ${problem.path === '' ? '' : 'type '}${problem.message}; the default aggregation is used`);
    return AGGREGATIONS[AggregationType.DEFAULT]({ type: AggregationType.DEFAULT }, instrument);
  }
  if (problem !== undefined) throw aggregationOptionError(problem, 'aggregation', `Instrument "${instrument.name}": option`);
  const type = resolveType(option.type)!;
  return (AGGREGATIONS[type] as AggregatorFactory<AggregationType>)({ ...option, type } as never, instrument);
}
