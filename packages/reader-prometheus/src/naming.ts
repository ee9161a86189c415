// Metric and label names, as the compatibility specification defines them: invalid
// characters become "_", runs of "_" collapse into one, and (our choice for the one case the
// specification leaves open) a leading digit gets a "_" in front.
import { keepShape } from './keep-shape';
import { unitToSuffix } from './units';

const INVALID_METRIC_CHARS = /[^a-zA-Z0-9_:]/g;
const INVALID_LABEL_CHARS = /[^a-zA-Z0-9_]/g;
const UNDERSCORE_RUNS = /__+/g;

// Names come from a bounded set (instruments, attribute keys), but nothing stops a caller
// from using unbounded attribute keys; past this size results are computed, not cached.
const MAX_CACHE = 10_000;

function cached(cache: Map<string, string>, key: string, compute: (key: string) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    if (cache.size < MAX_CACHE) cache.set(key, value);
  }
  return value;
}

function sanitize(name: string, invalid: RegExp): string {
  let out = name.replace(invalid, '_');
  if (out === '' || (out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57)) out = `_${out}`;
  return out.replace(UNDERSCORE_RUNS, '_');
}

const metricNameCache = new Map<string, string>();
const labelNameCache = new Map<string, string>();

export function sanitizeMetricName(name: string): string {
  return cached(metricNameCache, name, (n) => sanitize(n, INVALID_METRIC_CHARS));
}

export function sanitizeLabelName(name: string): string {
  return cached(labelNameCache, name, (n) => sanitize(n, INVALID_LABEL_CHARS));
}

/** True when the "_"-separated words of `unit` appear, in order and adjacent, in `name`. */
function nameContainsUnit(name: string, unit: string): boolean {
  const words = name.split('_');
  const unitWords = unit.split('_');
  outer: for (let i = 0; i + unitWords.length <= words.length; i++) {
    for (let j = 0; j < unitWords.length; j++) {
      if (words[i + j] !== unitWords[j]) continue outer;
    }
    return true;
  }
  return false;
}

export type PrometheusKind = 'counter' | 'gauge' | 'histogram';

export interface NamingOptions {
  withoutUnits: boolean;
  withoutTotalSuffix: boolean;
}

export interface MetricNames {
  /** OpenMetrics family name: for counters, without `_total`. */
  family: string;
  /** The name of the counter samples (and the family name in the 0.0.4 text format). */
  counterSample: string;
  /** The unit word, when the family name ends with it (OpenMetrics `# UNIT`). */
  unit?: string;
  /** Counter sample name for the 0.0.4 text format (honours `withoutTotalSuffix`). */
  textCounterSample: string;
}

/**
 * The Prometheus names of one OpenTelemetry metric: sanitised, unit suffix added unless the
 * name already holds the unit, `_total` last for counters (the unit suffix comes before
 * type suffixes).
 */
export function metricNames(name: string, unit: string, kind: PrometheusKind, options: NamingOptions): MetricNames {
  let base = sanitizeMetricName(name);
  let hadTotal = false;
  if (kind === 'counter' && base.endsWith('_total') && base.length > '_total'.length) {
    base = base.slice(0, -'_total'.length);
    hadTotal = true;
  }
  const unitWord = options.withoutUnits ? '' : unitToSuffix(unit);
  if (unitWord !== '' && !nameContainsUnit(base, unitWord)) {
    base = `${base}_${unitWord}`.replace(UNDERSCORE_RUNS, '_');
  }
  const family = base;
  const counterSample = `${family}_total`.replace(UNDERSCORE_RUNS, '_');
  const textCounterSample = options.withoutTotalSuffix && !hadTotal ? family : counterSample;
  const hasUnitSuffix = unitWord !== '' && (family === unitWord || family.endsWith(`_${unitWord}`));
  return new Names(family, counterSample, textCounterSample, hasUnitSuffix ? unitWord : undefined);
}

class Names implements MetricNames {
  constructor(
    readonly family: string,
    readonly counterSample: string,
    readonly textCounterSample: string,
    readonly unit: string | undefined,
  ) {}
}

// One of each kept: `unit` is undefined or a string (keep-shape.ts says why).
keepShape(new Names('', '', '', undefined));
keepShape(new Names('', '', '', ''));
