// ResourceMetrics → Prometheus exposition text, following the OpenTelemetry specification's
// "OTLP Metric points to Prometheus" rules. One serializer lives per reader, so its
// "warn once" memory spans scrapes: a conflict logs once, not on every scrape.
import { diag, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@meterkit/sdk-metrics-core';
import { attributeValueToString, escapeHelp, formatBucketBound, formatValue, type ExpositionFormat } from './exposition-format';
import { exponentialToExplicit } from './exponential-to-explicit';
import { metricNames, sanitizeLabelName, type PrometheusKind } from './naming';
import {
  canonicalKey,
  labelNameOf,
  labelValueHash,
  renderLabels,
  renderLabelValue,
  type Label,
  type RenderedLabels,
} from './rendered-labels';
import { SeriesSet } from './series-set';

/** Options of the Prometheus rendering (name suffixes, scope labels, `target_info`, ...). */
export interface SerializerOptions {
  /** No unit suffixes on metric names (and no `# UNIT`). */
  withoutUnits?: boolean;
  /** No `_total` added to counters in the 0.0.4 text format (OpenMetrics requires it). */
  withoutTotalSuffix?: boolean;
  /** No `otel_scope_name` / `otel_scope_version` labels. */
  withoutScopeInfo?: boolean;
  /** No `target_info` metric. */
  withoutTargetInfo?: boolean;
  /** Resource attributes copied as labels onto every series: a RegExp on the key, or a list of keys. */
  withResourceConstantLabels?: RegExp | readonly string[];
}

/** The output of {@link PrometheusSerializer}: the exposition text and the names it wrote. */
export interface SerializedMetrics {
  /** The exposition without the OpenMetrics `# EOF` terminator (so more families can follow). */
  text: string;
  /** Every family name and sample name written: what a merged source must not repeat. */
  names: Set<string>;
}

interface Family {
  kind: PrometheusKind | 'info';
  /** Name in `# HELP` / `# TYPE` lines for the chosen format. */
  metadataName: string;
  help: string;
  unit?: string;
  /**
   * The family's sample lines. Appending each line to one string (V8 keeps it as a tree of
   * concatenations, flattened once when the response is encoded) measured faster than
   * collecting pieces for a join; the pieces shared by many lines (a point's labels, the `le`
   * labels) are not copied until then.
   */
  text: string;
  /** Sample names actually written (`x_bucket`, `x_sum`, ...): for `SerializedMetrics.names`. */
  sampleNames: Set<string>;
  series: SeriesSet;
}

/**
 * The labels every point of a scope gets after its own attributes (constant resource labels,
 * then scope labels), rendered once per scrape instead of once per point.
 */
interface FixedLabels {
  constants: readonly Label[];
  scope: readonly Label[];
  /** Rendered `constants` then `scope`, joined by ",". */
  body: string;
  /** The hash of their set (see `RenderedLabels`). */
  hash: number;
  /** Names an attribute may take only through the general path (which overrides or drops it). */
  names: readonly string[];
}

const MAX_WARNINGS = 1000;
const SCOPE_NAME_LABEL = 'otel_scope_name';
const SCOPE_VERSION_LABEL = 'otel_scope_version';

/** Renders `ResourceMetrics` in the Prometheus text or OpenMetrics format, following the OpenTelemetry Prometheus compatibility rules. */
export class PrometheusSerializer {
  private readonly _warned = new Set<string>();
  private readonly _options: Required<Omit<SerializerOptions, 'withResourceConstantLabels'>>;
  private readonly _constantLabelFilter?: (key: string) => boolean;

  constructor(options: SerializerOptions = {}) {
    this._options = {
      withoutUnits: options.withoutUnits ?? false,
      withoutTotalSuffix: options.withoutTotalSuffix ?? false,
      withoutScopeInfo: options.withoutScopeInfo ?? false,
      withoutTargetInfo: options.withoutTargetInfo ?? false,
    };
    const selector = options.withResourceConstantLabels;
    if (selector instanceof RegExp) {
      // A global or sticky RegExp keeps state between test() calls; use a stateless copy.
      const regex = new RegExp(selector.source, selector.flags.replace(/[gy]/g, ''));
      this._constantLabelFilter = (key) => regex.test(key);
    } else if (selector !== undefined) {
      const keys = new Set(selector);
      this._constantLabelFilter = (key) => keys.has(key);
    }
  }

  /** Renders the metrics of one collection in the given format. */
  serialize(resourceMetrics: ResourceMetrics, format: ExpositionFormat): SerializedMetrics {
    const families = new Map<string, Family>();
    const resourceAttributes = resourceMetrics.resource.attributes;
    if (!this._options.withoutTargetInfo) this.addTargetInfo(families, resourceAttributes, format);
    const constantLabels = this.constantLabels(resourceAttributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const fixed = fixedLabels(constantLabels, this.scopeLabels(scopeMetrics));
      for (const metric of scopeMetrics.metrics) {
        this.addMetric(families, metric, fixed, format);
      }
    }
    return render(families, format);
  }

  private warnOnce(key: string, message: string): void {
    if (this._warned.has(key)) return;
    if (this._warned.size < MAX_WARNINGS) this._warned.add(key);
    diag.warn(message);
  }

  /**
   * Attributes → labels. Keys that sanitise to the same label name are joined with ";" in
   * the lexicographic order of the original keys, as the specification requires.
   */
  private toLabels(attributes: Attributes): Label[] {
    let groups: Map<string, Array<[string, string]>> | undefined;
    const labels: Array<[string, string]> = [];
    const index = new Map<string, number>();
    for (const key of Object.keys(attributes)) {
      const value = attributeValueToString(attributes[key]);
      if (value === undefined) continue;
      const name = sanitizeLabelName(key);
      const at = index.get(name);
      if (at === undefined) {
        index.set(name, labels.length);
        labels.push([name, value]);
        continue;
      }
      groups ??= new Map();
      let group = groups.get(name);
      if (group === undefined) {
        group = [];
        groups.set(name, group);
        // The first key seen for this name is not known here any more; find it again.
        for (const other of Object.keys(attributes)) {
          if (sanitizeLabelName(other) === name) {
            const v = attributeValueToString(attributes[other]);
            if (v !== undefined) group.push([other, v]);
          }
        }
      }
    }
    if (groups !== undefined) {
      for (const [name, group] of groups) {
        group.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        labels[index.get(name)!] = [name, group.map((entry) => entry[1]).join(';')];
      }
    }
    return labels;
  }

  private addTargetInfo(families: Map<string, Family>, attributes: Attributes, format: ExpositionFormat): void {
    const labels = this.toLabels(attributes);
    if (labels.length === 0) return; // the empty resource has no target_info
    // SDK pull endpoints: the resource attributes and nothing else (specification,
    // "Resource Attributes"); the scraping Prometheus adds job and instance itself.
    const family = newFamily('info', format === 'openmetrics' ? 'target' : 'target_info', 'Target metadata');
    writeSample(family, 'target_info', renderLabels(labels).body, '1');
    families.set('target_info', family);
  }

  private constantLabels(attributes: Attributes): Label[] {
    const filter = this._constantLabelFilter;
    if (filter === undefined) return [];
    const selected: Attributes = {};
    for (const key of Object.keys(attributes)) {
      if (filter(key)) selected[key] = attributes[key];
    }
    return this.toLabels(selected);
  }

  private scopeLabels(scopeMetrics: ScopeMetrics): Label[] {
    if (this._options.withoutScopeInfo) return [];
    const labels: Label[] = [[SCOPE_NAME_LABEL, scopeMetrics.scope.name]];
    const version = scopeMetrics.scope.version;
    if (version) labels.push([SCOPE_VERSION_LABEL, version]);
    return labels;
  }

  /** The labels of one point: its attributes, then constant resource labels, then scope labels. */
  private pointLabels(
    metricName: string,
    attributes: Attributes,
    constantLabels: readonly Label[],
    scopeLabels: readonly Label[],
    reserved: readonly string[],
  ): Label[] {
    const labels = this.toLabels(attributes);
    if (reserved.length > 0 || scopeLabels.length > 0) {
      for (let i = labels.length - 1; i >= 0; i--) {
        const name = labels[i]![0];
        if (reserved.includes(name) || scopeLabels.some((label) => label[0] === name)) {
          this.warnOnce(
            `reserved:${metricName}:${name}`,
            `PrometheusReader: attribute "${name}" of metric "${metricName}" collides with a label the exporter sets; the attribute is dropped`,
          );
          labels.splice(i, 1);
        }
      }
    }
    for (const constant of constantLabels) {
      // The point's own attribute is more specific than the resource-wide one.
      if (!labels.some((label) => label[0] === constant[0])) labels.push(constant);
    }
    for (const scope of scopeLabels) labels.push(scope);
    return labels;
  }

  /**
   * The rendered labels of one point. Most points only need their attributes rendered in
   * front of the scope's fixed labels; a point whose attribute names collide with each other
   * (after sanitising) or with a fixed or reserved label goes through `pointLabels`, which
   * merges, overrides, drops and warns.
   */
  private renderPointLabels(
    metricName: string,
    attributes: Attributes,
    fixed: FixedLabels,
    reserved: readonly string[],
  ): RenderedLabels {
    return (
      renderPlainAttributes(attributes, fixed, reserved) ??
      renderLabels(this.pointLabels(metricName, attributes, fixed.constants, fixed.scope, reserved))
    );
  }

  private kindOf(metric: MetricData): PrometheusKind | undefined {
    const name = metric.descriptor.name;
    switch (metric.dataPointType) {
      case DataPointType.GAUGE:
        return 'gauge';
      case DataPointType.SUM:
        if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
          this.warnOnce(`delta:${name}`, `PrometheusReader: metric "${name}" has delta temporality; Prometheus needs cumulative sums, the metric is dropped`);
          return undefined;
        }
        return metric.isMonotonic ? 'counter' : 'gauge';
      case DataPointType.HISTOGRAM:
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
          this.warnOnce(`delta:${name}`, `PrometheusReader: histogram "${name}" has delta temporality; Prometheus needs cumulative histograms, the metric is dropped`);
          return undefined;
        }
        return 'histogram';
      default:
        return undefined;
    }
  }

  private addMetric(families: Map<string, Family>, metric: MetricData, fixed: FixedLabels, format: ExpositionFormat): void {
    const kind = this.kindOf(metric);
    if (kind === undefined) return;
    const { descriptor } = metric;
    const names = metricNames(descriptor.name, descriptor.unit, kind, this._options);
    const metadataName =
      kind === 'counter' ? (format === 'openmetrics' ? names.family : names.textCounterSample) : names.family;
    const existing = families.get(metadataName);
    let family: Family;
    if (existing === undefined) {
      family = newFamily(kind, metadataName, descriptor.description, names.unit);
      families.set(metadataName, family);
    } else if (existing.kind !== kind) {
      this.warnOnce(
        `type:${metadataName}:${kind}`,
        `PrometheusReader: metric "${descriptor.name}" would be exported as ${kind} "${metadataName}", which is already a ${existing.kind}; it is dropped`,
      );
      return;
    } else {
      family = existing;
      // Same family from another scope: one HELP per family, the first non-empty one.
      if (family.help === '') family.help = descriptor.description;
    }

    const createdName = format === 'openmetrics' && kind !== 'gauge' ? `${names.family}_created` : undefined;
    const reserved = kind === 'histogram' ? RESERVED_HISTOGRAM_LABELS : NO_RESERVED_LABELS;
    const pointName = descriptor.name;

    if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
      const sampleName =
        kind === 'counter' ? (format === 'openmetrics' ? names.counterSample : names.textCounterSample) : names.family;
      for (const point of metric.dataPoints) {
        const labels = this.renderPointLabels(pointName, point.attributes, fixed, reserved);
        if (!this.claimSeries(family, labels, pointName)) continue;
        writeSample(family, sampleName, labels.body, formatValue(point.value));
        if (createdName !== undefined) writeSample(family, createdName, labels.body, formatTime(point.startTime));
      }
      return;
    }

    const histogramNames = histogramSampleNames(names.family);
    // Explicit-bucket points of one stream share their boundaries array: the `le` labels are
    // rendered once per distinct array, not once per point.
    let renderedFor: readonly number[] | undefined;
    let leLabels: readonly string[] = [];
    const points: Array<DataPoint<unknown>> = metric.dataPoints;
    for (const point of points) {
      const labels = this.renderPointLabels(pointName, point.attributes, fixed, reserved);
      if (!this.claimSeries(family, labels, pointName)) continue;
      let histogram: Pick<Histogram, 'buckets' | 'sum' | 'count'>;
      if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
        const value = (point as DataPoint<ExponentialHistogram>).value;
        histogram = { buckets: exponentialToExplicit(value), sum: value.sum, count: value.count };
      } else {
        histogram = (point as DataPoint<Histogram>).value;
      }
      const { boundaries } = histogram.buckets;
      if (boundaries !== renderedFor) {
        leLabels = renderLeLabels(boundaries, format);
        renderedFor = boundaries;
      }
      writeHistogram(family, histogramNames, labels.body, leLabels, histogram);
      if (createdName !== undefined) writeSample(family, createdName, labels.body, formatTime(point.startTime));
    }
  }

  /**
   * Two scopes can yield the same series once scope labels are off (or are equal); a scrape
   * with a duplicate series is rejected by Prometheus, so the first one wins.
   */
  private claimSeries(family: Family, labels: RenderedLabels, metricName: string): boolean {
    if (!family.series.add(labels)) {
      this.warnOnce(
        `dup:${family.metadataName}:${canonicalKey(labels)}`,
        `PrometheusReader: metric "${metricName}" repeats a series of "${family.metadataName}" with the same labels; the repeated series is dropped`,
      );
      return false;
    }
    return true;
  }
}

const NO_RESERVED_LABELS: readonly string[] = [];
const RESERVED_HISTOGRAM_LABELS: readonly string[] = ['le'];

function newFamily(kind: Family['kind'], metadataName: string, help: string, unit?: string): Family {
  return { kind, metadataName, help, unit, text: '', sampleNames: new Set(), series: new SeriesSet() };
}

function fixedLabels(constants: readonly Label[], scope: readonly Label[]): FixedLabels {
  const rendered = renderLabels([...constants, ...scope]);
  const names = [...constants, ...scope].map(([name]) => name);
  return { constants, scope, body: rendered.body, hash: rendered.hash, names };
}

/**
 * The fast path of `renderPointLabels`: the point's attributes rendered in order, then the
 * fixed labels. Returns undefined when an attribute needs the general path: two keys that
 * sanitise to one label name, or a name the fixed labels or the metric type already use.
 */
function renderPlainAttributes(attributes: Attributes, fixed: FixedLabels, reserved: readonly string[]): RenderedLabels | undefined {
  const pieces: string[] = [];
  const names: string[] = [];
  let hash = fixed.hash;
  for (const key of Object.keys(attributes)) {
    const value = attributeValueToString(attributes[key]);
    if (value === undefined) continue;
    const label = labelNameOf(key, sanitizeLabelName);
    const name = label.name;
    if (names.includes(name) || fixed.names.includes(name) || reserved.includes(name)) return undefined;
    names.push(name);
    pieces.push(renderLabelValue(label, value));
    hash = (hash + labelValueHash(label, value)) | 0;
  }
  if (fixed.body !== '') pieces.push(fixed.body);
  return { body: pieces.join(','), hash };
}

interface HistogramSampleNames {
  bucket: string;
  sum: string;
  count: string;
}

function histogramSampleNames(family: string): HistogramSampleNames {
  return { bucket: `${family}_bucket`, sum: `${family}_sum`, count: `${family}_count` };
}

/** `le="<bound>"} ` for each boundary, then the `+Inf` one: the tail of each bucket's labels. */
function renderLeLabels(boundaries: readonly number[], format: ExpositionFormat): string[] {
  const rendered: string[] = [];
  for (const bound of boundaries) rendered.push(`le="${formatBucketBound(bound, format)}"} `);
  rendered.push('le="+Inf"} ');
  return rendered;
}

/** One sample line; `labels` is a rendered label body ('' for none). */
function writeSample(family: Family, name: string, labels: string, value: string): void {
  family.sampleNames.add(name);
  family.text += labels === '' ? `${name} ${value}\n` : `${name}{${labels}} ${value}\n`;
}

function writeHistogram(
  family: Family,
  names: HistogramSampleNames,
  labels: string,
  leLabels: readonly string[],
  histogram: Pick<Histogram, 'buckets' | 'sum' | 'count'>,
): void {
  const { boundaries, counts } = histogram.buckets;
  // Everything up to the `le` label is the same on every bucket line of the point.
  const bucketHead = labels === '' ? `${names.bucket}{` : `${names.bucket}{${labels},`;
  let cumulative = 0;
  for (let i = 0; i <= boundaries.length; i++) {
    cumulative += counts[i] ?? 0;
    family.text += `${bucketHead}${leLabels[i]!}${formatValue(cumulative)}\n`;
  }
  family.sampleNames.add(names.bucket);
  // The data model leaves sum unset when the instrument may record negative values: the
  // specification reports _sum only when it is monotonic.
  if (histogram.sum !== undefined) writeSample(family, names.sum, labels, formatValue(histogram.sum));
  writeSample(family, names.count, labels, formatValue(histogram.count));
}

function render(families: Map<string, Family>, format: ExpositionFormat): SerializedMetrics {
  const names = new Set<string>();
  let text = '';
  for (const family of families.values()) {
    names.add(family.metadataName);
    for (const name of family.sampleNames) names.add(name);
    if (family.help !== '') text += `# HELP ${family.metadataName} ${escapeHelp(family.help, format)}\n`;
    text += `# TYPE ${family.metadataName} ${family.kind === 'info' && format === 'text' ? 'gauge' : family.kind}\n`;
    if (format === 'openmetrics' && family.unit !== undefined) text += `# UNIT ${family.metadataName} ${family.unit}\n`;
    text += family.text;
  }
  return { text, names };
}

function formatTime([seconds, nanos]: readonly [number, number]): string {
  return formatValue(seconds + nanos / 1e9);
}
