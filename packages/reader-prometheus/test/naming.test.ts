import { metricNames, sanitizeLabelName, sanitizeMetricName } from '../src/naming';
import { unitToSuffix } from '../src/units';

const defaults = { withoutUnits: false, withoutTotalSuffix: false };

describe('metric name sanitising', () => {
  test.each([
    ['http.server.duration', 'http_server_duration'],
    ['a-b/c d', 'a_b_c_d'],
    ['keeps:colons', 'keeps:colons'],
    ['many...dots__and__underscores', 'many_dots_and_underscores'],
    ['1st.metric', '_1st_metric'],
    ['ünïcode', '_n_code'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizeMetricName(input)).toBe(expected);
  });
});

describe('label name sanitising', () => {
  test.each([
    ['http.method', 'http_method'],
    ['no:colons', 'no_colons'],
    ['__reserved', '_reserved'],
    ['9lives', '_9lives'],
    ['a..b', 'a_b'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizeLabelName(input)).toBe(expected);
  });
});

describe('UCUM units → name suffixes', () => {
  test.each([
    ['s', false, 'seconds'],
    ['ms', false, 'milliseconds'],
    ['us', false, 'microseconds'],
    ['ns', false, 'nanoseconds'],
    ['min', false, 'minutes'],
    ['h', false, 'hours'],
    ['d', false, 'days'],
    ['By', false, 'bytes'],
    ['KiBy', false, 'kibibytes'],
    ['MiBy', false, 'mebibytes'],
    ['GiBy', false, 'gibibytes'],
    ['TiBy', false, 'tebibytes'],
    ['KBy', false, 'kilobytes'],
    ['MBy', false, 'megabytes'],
    ['GBy', false, 'gigabytes'],
    ['TBy', false, 'terabytes'],
    ['m', false, 'meters'],
    ['V', false, 'volts'],
    ['A', false, 'amperes'],
    ['J', false, 'joules'],
    ['W', false, 'watts'],
    ['g', false, 'grams'],
    ['Cel', false, 'celsius'],
    ['Hz', false, 'hertz'],
    ['%', false, 'percent'],
    ['m/s', false, 'meters_per_second'],
    ['By/s', false, 'bytes_per_second'],
    ['{packet}/s', false, 'per_second'],
    ['1/s', false, 'per_second'],
    ['By/h', false, 'bytes_per_hour'],
    ['{request}', false, ''],
    ['', false, ''],
    ['1', true, ''],
    ['1', false, ''],
    ['{thread}', true, ''],
    ['widgets', false, 'widgets'],
    ['foo.bar', false, 'foo_bar'],
  ])('%j (gauge: %s) → %j', (unit, isGauge, expected) => {
    void isGauge; // the kind no longer matters: unit "1" adds nothing for any kind
    expect(unitToSuffix(unit)).toBe(expected);
  });
});

describe('full metric names', () => {
  test('unit suffix then _total for counters', () => {
    expect(metricNames('process.cpu.time', 's', 'counter', defaults)).toEqual({
      family: 'process_cpu_time_seconds',
      counterSample: 'process_cpu_time_seconds_total',
      textCounterSample: 'process_cpu_time_seconds_total',
      unit: 'seconds',
    });
  });
  test('a counter already named *_total gets the unit before the _total', () => {
    expect(metricNames('requests_total', 'ms', 'counter', defaults).counterSample).toBe('requests_milliseconds_total');
  });
  test('no unit suffix when the name already holds the unit', () => {
    expect(metricNames('memory_bytes', 'By', 'gauge', defaults).family).toBe('memory_bytes');
    expect(metricNames('bytes.received', 'By', 'counter', defaults)).toEqual({
      family: 'bytes_received',
      counterSample: 'bytes_received_total',
      textCounterSample: 'bytes_received_total',
      unit: undefined, // not a suffix: no # UNIT (OpenMetrics requires the unit as suffix)
    });
  });
  test('withoutUnits and withoutTotalSuffix', () => {
    const names = metricNames('latency', 'ms', 'counter', { withoutUnits: true, withoutTotalSuffix: true });
    expect(names).toEqual({ family: 'latency', counterSample: 'latency_total', textCounterSample: 'latency', unit: undefined });
    expect(metricNames('hits_total', '', 'counter', { withoutUnits: false, withoutTotalSuffix: true }).textCounterSample).toBe('hits_total');
  });
  test('unit 1 adds no _ratio (specification PR 4966), for gauges or counters', () => {
    expect(metricNames('process.cpu.utilization', '1', 'gauge', defaults)).toEqual({
      family: 'process_cpu_utilization',
      counterSample: 'process_cpu_utilization_total',
      textCounterSample: 'process_cpu_utilization_total',
      unit: undefined,
    });
    expect(metricNames('items', '1', 'counter', defaults).counterSample).toBe('items_total');
  });
});
