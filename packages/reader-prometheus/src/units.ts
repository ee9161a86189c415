// UCUM unit → Prometheus unit word, as the OpenTelemetry ↔ Prometheus compatibility
// specification asks ("ms" → "milliseconds", "{packet}" dropped, "1" dropped,
// "foo/bar" → "foo_per_bar"). The tables hold the UCUM units OpenTelemetry semantic
// conventions use; any other unit is kept as written (sanitised).

const UNIT_WORDS: Readonly<Record<string, string>> = {
  // time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // bytes
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tebibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  // misc
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** Units after a "/" are singular: "m/s" → "meters_per_second". */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  min: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const ANNOTATION = /\{[^}]*\}/g;

function cleanUnitWord(word: string): string {
  return word.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}

/**
 * The name suffix for a UCUM unit, or '' when the metric is unitless in Prometheus. Unit "1"
 * adds nothing: the specification's former "1" → "_ratio" rule was removed (specification
 * PR 4966), so `process.cpu.utilization` is `process_cpu_utilization`, as in the official
 * exporters and the Collector.
 */
export function unitToSuffix(unit: string): string {
  const stripped = unit.replace(ANNOTATION, '').trim();
  if (stripped === '' || stripped === '1') return '';
  const slash = stripped.indexOf('/');
  if (slash < 0) return cleanUnitWord(UNIT_WORDS[stripped] ?? stripped);
  const numerator = stripped.slice(0, slash).trim();
  const denominator = stripped.slice(slash + 1).trim();
  const num = numerator === '' || numerator === '1' ? '' : cleanUnitWord(UNIT_WORDS[numerator] ?? numerator);
  const den = denominator === '' ? '' : cleanUnitWord(PER_UNIT_WORDS[denominator] ?? denominator);
  if (den === '') return num;
  return num === '' ? `per_${den}` : `${num}_per_${den}`;
}
