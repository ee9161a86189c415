// @meterkit/views and the core check aggregation options with one function (the core's
// validateAggregationOption): the same options are refused, with the same error class and
// the same rule, whether a view is built by createView() or a View object reaches the core
// directly (the core checks when the instrument is created). An unknown type is the one
// difference by design: createView() refuses it, the core warns and uses the default.
import { AggregationType, MeterProvider, type AggregationOption, type View } from '@meterkit/sdk-metrics-core';
import { TestReader, captureDiag as captureCoreDiag } from '@meterkit/sdk-metrics-core/testing';
import { createView } from '../src';

const EXPLICIT = AggregationType.EXPLICIT_BUCKET_HISTOGRAM;
const EXPONENTIAL = AggregationType.EXPONENTIAL_HISTOGRAM;

const BAD: Array<[string, unknown, 'TypeError' | 'RangeError', RegExp]> = [
  ['+Infinity boundary', { type: EXPLICIT, options: { boundaries: [1, Infinity] } }, 'RangeError', /'aggregation.options.boundaries' must contain finite numbers; element 1 is Infinity/],
  ['-Infinity boundary', { type: EXPLICIT, options: { boundaries: [-Infinity, 1] } }, 'RangeError', /'aggregation.options.boundaries' must contain finite numbers; element 0 is -Infinity/],
  ['NaN boundary', { type: EXPLICIT, options: { boundaries: [1, NaN] } }, 'TypeError', /'aggregation.options.boundaries' must contain only numbers; element 1 is NaN/],
  ['unsorted boundaries', { type: EXPLICIT, options: { boundaries: [5, 1] } }, 'RangeError', /'aggregation.options.boundaries' must be strictly increasing; element 1 \(1\)/],
  ['repeated boundary', { type: EXPLICIT, options: { boundaries: [1, 1] } }, 'RangeError', /must be strictly increasing/],
  ['boundaries not an array', { type: EXPLICIT, options: { boundaries: '1,2' } }, 'TypeError', /'aggregation.options.boundaries' must be an array of numbers/],
  ['maxSize 1', { type: EXPONENTIAL, options: { maxSize: 1 } }, 'RangeError', /'aggregation.options.maxSize' must be an integer >= 2, got 1/],
  ['maxSize 2.5', { type: EXPONENTIAL, options: { maxSize: 2.5 } }, 'RangeError', /'aggregation.options.maxSize' must be an integer >= 2, got 2.5/],
  ['maxSize NaN', { type: EXPONENTIAL, options: { maxSize: NaN } }, 'RangeError', /'aggregation.options.maxSize' must be an integer >= 2, got NaN/],
  ['maxSize Infinity', { type: EXPONENTIAL, options: { maxSize: Infinity } }, 'RangeError', /'aggregation.options.maxSize' must be an integer >= 2, got Infinity/],
  ['maxScale 21', { type: EXPONENTIAL, options: { maxScale: 21 } }, 'RangeError', /'aggregation.options.maxScale' must be an integer from -10 to 20, got 21/],
  ['maxScale -11', { type: EXPONENTIAL, options: { maxScale: -11 } }, 'RangeError', /'aggregation.options.maxScale' must be an integer from -10 to 20, got -11/],
  ['maxScale "5"', { type: EXPONENTIAL, options: { maxScale: '5' } }, 'RangeError', /'aggregation.options.maxScale' must be an integer from -10 to 20, got "5"/],
  ['recordMinMax "no"', { type: EXPLICIT, options: { boundaries: [1], recordMinMax: 'no' } }, 'TypeError', /'aggregation.options.recordMinMax' must be a boolean, got "no"/],
  ['options not an object', { type: EXPONENTIAL, options: 5 }, 'TypeError', /'aggregation.options' must be an object, got 5/],
];

/** What the core does with `aggregation` given by a View that no package checked. */
function coreOutcome(aggregation: unknown): unknown {
  const view: View = { matches: (i) => i.name === 'h', aggregation: aggregation as AggregationOption };
  const provider = new MeterProvider({ readers: [new TestReader()], views: [view] });
  try {
    provider.getMeter('m').createHistogram('h');
    return undefined;
  } catch (error) {
    return error;
  }
}

function viewsOutcome(aggregation: unknown): unknown {
  try {
    createView({ instrumentName: 'h', aggregation: aggregation as AggregationOption });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('aggregation options: @meterkit/views and the core agree', () => {
  it.each(BAD)('%s is refused by both, with the same error and rule', (_what, aggregation, errorType, rule) => {
    const fromViews = viewsOutcome(aggregation) as Error;
    const fromCore = coreOutcome(aggregation) as Error;
    for (const error of [fromViews, fromCore]) {
      expect(error).toBeInstanceOf(Error);
      expect(error.constructor.name).toBe(errorType);
      expect(error.message).toMatch(rule);
    }
    expect(fromViews.message).toMatch(/^View option 'aggregation/);
    expect(fromCore.message).toMatch(/^Instrument "h": option 'aggregation/);
  });

  it.each([
    ['default histogram', { type: EXPLICIT }],
    ['explicit boundaries', { type: EXPLICIT, options: { boundaries: [-5, 0, 2.5], recordMinMax: false } }],
    ['exponential limits', { type: EXPONENTIAL, options: { maxSize: 2, maxScale: -10 } }],
    ['exponential upper scale', { type: EXPONENTIAL, options: { maxSize: 160, maxScale: 20, recordMinMax: true } }],
    ['type by name', { type: 'base2_exponential_bucket_histogram' }],
    ['sum with options of another type (ignored)', { type: AggregationType.SUM, options: { maxSize: 1 } }],
  ])('%s is accepted by both', (_what, aggregation) => {
    expect(viewsOutcome(aggregation)).toBeUndefined();
    expect(coreOutcome(aggregation)).toBeUndefined();
  });

  it('an unknown type: createView() refuses it; the core warns and uses the default aggregation', () => {
    expect((viewsOutcome({ type: 9 }) as Error).message).toMatch(/'aggregation.type' must be an AggregationType value/);
    const diag = captureCoreDiag();
    try {
      expect(coreOutcome({ type: 9 })).toBeUndefined();
      expect(diag.warnings().join('\n')).toMatch(/Instrument "h": aggregation type must be an AggregationType value .* got 9.*the default aggregation is used/);
    } finally {
      diag.restore();
    }
  });
});
