import {
  Aggregation,
  AggregationType,
  InstrumentType,
  View,
  createAllowListAttributesProcessor,
  createView,
  type ViewOptions,
} from '../src';

function build(options: unknown): View {
  return new View(options as ViewOptions);
}

describe('View construction: selection', () => {
  test('createView and new View accept the same options', () => {
    const a = createView({ instrumentName: 'x', name: 'y' });
    const b = new View({ instrumentName: 'x', name: 'y' });
    expect(a).toBeInstanceOf(View);
    expect(a.name).toBe(b.name);
  });

  test('a view with no selection criteria is rejected', () => {
    expect(() => build({})).toThrow(/no selection criteria/);
    expect(() => build({ name: 'renamed' })).toThrow(/no selection criteria/);
    expect(() => build({ aggregation: Aggregation.drop() })).toThrow(/instrumentName: '\*'/);
    expect(() => build({ instrumentName: undefined, meterName: null })).toThrow(/no selection criteria/);
  });

  test('any single criterion is a selection', () => {
    for (const options of [
      { instrumentName: '*' },
      { instrumentType: InstrumentType.HISTOGRAM },
      { instrumentUnit: 'ms' },
      { instrumentUnit: '' },
      { meterName: 'm' },
      { meterVersion: '1.0.0' },
      { meterSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
    ]) {
      expect(() => build(options)).not.toThrow();
    }
  });

  test('an empty instrumentName is rejected', () => {
    expect(() => build({ instrumentName: '' })).toThrow(/'instrumentName' must not be empty/);
  });

  test('a non-string criterion is rejected, naming the option', () => {
    expect(() => build({ instrumentName: 42 })).toThrow(/'instrumentName' must be a string/);
    expect(() => build({ meterName: {} })).toThrow(/'meterName' must be a string/);
    expect(() => build({ instrumentUnit: 1 })).toThrow(/'instrumentUnit' must be a string/);
  });

  test('an unknown instrumentType is rejected', () => {
    expect(() => build({ instrumentType: 'COUNTERS' })).toThrow(/'instrumentType' must be an InstrumentType/);
    expect(() => build({ instrumentType: 0 })).toThrow(/'instrumentType'/);
  });

  test('unknown options (typos) are rejected, naming them', () => {
    expect(() => build({ instrument_name: 'x' })).toThrow(/Unknown View option\(s\) 'instrument_name'/);
    expect(() => build({ instrumentName: 'x', attributeProcessors: [] })).toThrow(/'attributeProcessors'/);
  });

  test('non-object options are rejected', () => {
    expect(() => build(undefined)).toThrow(/View options must be an object/);
    expect(() => build('x')).toThrow(/View options must be an object/);
  });
});

describe('View construction: name', () => {
  test('a literal instrumentName may be renamed', () => {
    const view = new View({ instrumentName: 'traffic_volume', instrumentType: InstrumentType.COUNTER, name: 'request_count' });
    expect(view.name).toBe('request_count');
  });

  test('renaming with a wildcard instrumentName is rejected with the reason', () => {
    expect(() => build({ instrumentName: '*', name: 'x' })).toThrow(
      /'name' \("x"\) requires 'instrumentName'.*"\*" contains a wildcard and can select many instruments/,
    );
    expect(() => build({ instrumentName: 'http.*', name: 'x' })).toThrow(/contains a wildcard/);
    expect(() => build({ instrumentName: 'cpu?', name: 'x' })).toThrow(/contains a wildcard/);
  });

  test('renaming without instrumentName is rejected with the reason', () => {
    expect(() => build({ instrumentType: InstrumentType.COUNTER, name: 'x' })).toThrow(
      /without 'instrumentName' the view can select many instruments/,
    );
    expect(() => build({ meterName: 'm', name: 'x' })).toThrow(/'name'/);
  });

  test('an invalid stream name is rejected', () => {
    expect(() => build({ instrumentName: 'a', name: '' })).toThrow(/'name' is not a valid instrument name: it is empty/);
    expect(() => build({ instrumentName: 'a', name: '1abc' })).toThrow(/'name' is not a valid instrument name/);
    expect(() => build({ instrumentName: 'a', name: 'has space' })).toThrow(/'name'/);
    expect(() => build({ instrumentName: 'a', name: 'a'.repeat(256) })).toThrow(/longer than 255/);
    expect(() => build({ instrumentName: 'a', name: 'ünicode' })).toThrow(/'name'/);
    expect(() => build({ instrumentName: 'a', name: 7 })).toThrow(/'name' must be a string/);
  });

  test('valid stream names are accepted', () => {
    for (const name of ['a', 'A', 'a'.repeat(255), 'http.server/request-duration_2']) {
      expect(build({ instrumentName: 'x', name }).name).toBe(name);
    }
  });
});

describe('View construction: stream options', () => {
  test('description must be a string', () => {
    expect(build({ instrumentName: 'a', description: 'd' }).description).toBe('d');
    expect(() => build({ instrumentName: 'a', description: 5 })).toThrow(/'description' must be a string/);
  });

  test('aggregationCardinalityLimit must be a positive integer', () => {
    expect(build({ instrumentName: 'a', aggregationCardinalityLimit: 3 }).aggregationCardinalityLimit).toBe(3);
    for (const bad of [-1, 0, 1.5, NaN, Infinity, '10']) {
      expect(() => build({ instrumentName: 'a', aggregationCardinalityLimit: bad })).toThrow(
        /'aggregationCardinalityLimit' must be a positive integer/,
      );
    }
  });

  test('unset stream options stay undefined (core defaults apply)', () => {
    const view = new View({ instrumentName: 'a' });
    expect(view.name).toBeUndefined();
    expect(view.description).toBeUndefined();
    expect(view.aggregation).toBeUndefined();
    expect(view.attributesProcessor).toBeUndefined();
    expect(view.aggregationCardinalityLimit).toBeUndefined();
    expect(Object.keys(view).filter((k) => !k.startsWith('_'))).toEqual(['selection']);
  });
});

describe('View construction: aggregation', () => {
  test('every aggregation type is accepted as an AggregationOption object', () => {
    const options = [
      { type: AggregationType.DEFAULT },
      { type: AggregationType.DROP },
      { type: AggregationType.SUM },
      { type: AggregationType.LAST_VALUE },
      { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM },
      { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2], recordMinMax: false } },
      { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 20, maxScale: 5, recordMinMax: false } },
    ];
    for (const aggregation of options) {
      expect(build({ instrumentName: 'a', aggregation }).aggregation).toEqual(aggregation);
    }
  });

  test('the helpers build the same objects', () => {
    expect(Aggregation.default()).toEqual({ type: AggregationType.DEFAULT });
    expect(Aggregation.drop()).toEqual({ type: AggregationType.DROP });
    expect(Aggregation.sum()).toEqual({ type: AggregationType.SUM });
    expect(Aggregation.lastValue()).toEqual({ type: AggregationType.LAST_VALUE });
    expect(Aggregation.explicitBucketHistogram([1, 21, 50, 100, 1000])).toEqual({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [1, 21, 50, 100, 1000], recordMinMax: true },
    });
    expect(Aggregation.explicitBucketHistogram([], false)).toEqual({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [], recordMinMax: false },
    });
    expect(Aggregation.exponentialHistogram()).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: { recordMinMax: true },
    });
    expect(Aggregation.exponentialHistogram(40, false)).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: { maxSize: 40, recordMinMax: false },
    });
  });

  test('an aggregation type given by name is accepted and stored as the AggregationType value', () => {
    // AggregationType member names, as plain JavaScript writes them ...
    expect(build({ instrumentName: 'a', aggregation: { type: 'SUM' } }).aggregation).toEqual({ type: AggregationType.SUM });
    expect(
      build({ instrumentName: 'a', aggregation: { type: 'EXPLICIT_BUCKET_HISTOGRAM', options: { boundaries: [1, 5] } } }).aggregation,
    ).toEqual({ type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 5] } });
    // ... and the declarative configuration's names, any case.
    expect(build({ instrumentName: 'a', aggregation: { type: 'base2_exponential_bucket_histogram' } }).aggregation).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
    });
    expect(build({ instrumentName: 'a', aggregation: { type: 'last_value' } }).aggregation).toEqual({
      type: AggregationType.LAST_VALUE,
    });
    expect(build({ instrumentName: 'a', aggregation: { type: 'Drop' } }).aggregation).toEqual({ type: AggregationType.DROP });
  });

  test('a name given as type still gets the option checks of its aggregation', () => {
    expect(() =>
      build({ instrumentName: 'a', aggregation: { type: 'EXPLICIT_BUCKET_HISTOGRAM', options: { boundaries: [5, 1] } } }),
    ).toThrow(/strictly increasing/);
  });

  test('an unknown aggregation type is rejected, saying an AggregationType value is wanted', () => {
    expect(() => build({ instrumentName: 'a', aggregation: { type: 9 } })).toThrow(
      /'aggregation.type' must be an AggregationType value \(e.g. AggregationType.SUM, which is 2\) or the name of one \(e.g. 'SUM'\); got 9/,
    );
    expect(() => build({ instrumentName: 'a', aggregation: { type: 'HISTOGRAM' } })).toThrow(
      /must be an AggregationType value .*got "HISTOGRAM". Known: AggregationType.DEFAULT \(0\), .*AggregationType.EXPLICIT_BUCKET_HISTOGRAM \(4\)/,
    );
    expect(() => build({ instrumentName: 'a', aggregation: {} })).toThrow(/AggregationType value .*got undefined/);
    expect(() => build({ instrumentName: 'a', aggregation: 'drop' })).toThrow(/'aggregation' must be an AggregationOption/);
  });

  test('boundaries must be strictly increasing finite numbers', () => {
    const histogram = (boundaries: unknown) => ({
      instrumentName: 'a',
      aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries } },
    });
    expect(() => build(histogram([1, 1]))).toThrow(/'aggregation.options.boundaries' must be strictly increasing; element 1/);
    expect(() => build(histogram([5, 2]))).toThrow(/strictly increasing/);
    expect(() => build(histogram([1, NaN, 3]))).toThrow(/'aggregation.options.boundaries' must contain only numbers; element 1 is NaN/);
    expect(() => build(histogram([1, Infinity]))).toThrow(/finite/);
    expect(() => build(histogram(['1', '2']))).toThrow(/only numbers/);
    expect(() => build(histogram('1,2'))).toThrow(/'aggregation.options.boundaries' must be an array/);
    expect(() => Aggregation.explicitBucketHistogram([10, 5])).toThrow(/boundaries' must be strictly increasing/);
    expect(() => Aggregation.explicitBucketHistogram([NaN])).toThrow(/NaN/);
  });

  test('exponential histogram options are range-checked', () => {
    expect(() => Aggregation.exponentialHistogram(1)).toThrow(/'aggregation.options.maxSize' must be an integer >= 2/);
    expect(() => Aggregation.exponentialHistogram(2.5)).toThrow(/maxSize/);
    expect(() =>
      build({ instrumentName: 'a', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxScale: 21 } } }),
    ).toThrow(/'aggregation.options.maxScale' must be an integer from -10 to 20/);
  });

  test('recordMinMax must be a boolean', () => {
    expect(() =>
      build({
        instrumentName: 'a',
        aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1], recordMinMax: 'yes' } },
      }),
    ).toThrow(/'aggregation.options.recordMinMax' must be a boolean/);
  });

  test('the view keeps its own copy of the boundaries', () => {
    const boundaries = [1, 2, 3];
    const view = new View({
      instrumentName: 'a',
      aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries } },
    });
    boundaries.push(0);
    expect(view.aggregation).toEqual({ type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2, 3] } });
  });
});

describe('View construction: attributes', () => {
  test('attributeKeys allow/deny build a key filter with the fast path', () => {
    const view = new View({ instrumentName: 'a', attributeKeys: { allow: ['a', 'b'], deny: ['b'] } });
    const p = view.attributesProcessor!;
    expect(p.process({ a: 1, b: 2, c: 3 })).toEqual({ a: 1 });
    expect(typeof p.keepKey).toBe('function');
    expect(p.keepKey!('a')).toBe(true);
    expect(p.keepKey!('b')).toBe(false);
    expect(p.keepKey!('c')).toBe(false);
  });

  test('attributeKeys.allow: [] drops every attribute', () => {
    const view = new View({ instrumentName: 'a', attributeKeys: { allow: [] } });
    expect(view.attributesProcessor!.process({ a: 1 })).toEqual({});
  });

  test('attributesProcessors run in order, then attributeKeys', () => {
    const upper = { process: (attrs: Record<string, unknown>) => ({ ...attrs, added: 'x' }) };
    const view = new View({
      instrumentName: 'a',
      attributesProcessors: [createAllowListAttributesProcessor(['k', 'drop']), upper as never],
      attributeKeys: { deny: ['drop'] },
    });
    expect(view.attributesProcessor!.process({ k: 1, drop: 2, other: 3 })).toEqual({ k: 1, added: 'x' });
    expect(view.attributesProcessor!.keepKey).toBeUndefined();
  });

  test('malformed attribute options are rejected, naming the option', () => {
    expect(() => build({ instrumentName: 'a', attributeKeys: ['a'] })).toThrow(/'attributeKeys' must be an object/);
    expect(() => build({ instrumentName: 'a', attributeKeys: { allow: 'a' } })).toThrow(/'attributeKeys.allow' must be an array/);
    expect(() => build({ instrumentName: 'a', attributeKeys: { deny: [1] } })).toThrow(/'attributeKeys.deny'/);
    expect(() => build({ instrumentName: 'a', attributeKeys: { allowed: ['a'] } })).toThrow(/unknown key\(s\) 'allowed'/);
    expect(() => build({ instrumentName: 'a', attributesProcessors: {} })).toThrow(/'attributesProcessors' must be an array/);
    expect(() => build({ instrumentName: 'a', attributesProcessors: [{}] })).toThrow(/element 0 is not an attribute processor/);
  });
});
