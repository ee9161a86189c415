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
import {
  attributeValueToString,
  escapeHelp,
  escapeLabelValue,
  formatBucketBound,
  formatValue,
  type ExpositionFormat,
} from './exposition-format';
import { exponentialToExplicit } from './exponential-to-explicit';
import { metricNames, sanitizeLabelName, type PrometheusKind } from './naming';

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

export interface SerializedMetrics {
  /** The exposition without the OpenMetrics `# EOF` terminator (so more families can follow). */
  text: string;
  /** Every family name and sample name written: what a merged source must not repeat. */
  names: Set<string>;
}

type Label = readonly [name: string, value: string];

interface Family {
  kind: PrometheusKind | 'info';
  /** Name in `# HELP` / `# TYPE` lines for the chosen format. */
  metadataName: string;
  help: string;
  unit?: string;
  lines: string[];
  seriesKeys: Set<string>;
}

const MAX_WARNINGS = 1000;
const SCOPE_NAME_LABEL = 'otel_scope_name';
const SCOPE_VERSION_LABEL = 'otel_scope_version';

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

  serialize(resourceMetrics: ResourceMetrics, format: ExpositionFormat): SerializedMetrics {
    const families = new Map<string, Family>();
    const resourceAttributes = resourceMetrics.resource.attributes;
    if (!this._options.withoutTargetInfo) this.addTargetInfo(families, resourceAttributes, format);
    const constantLabels = this.constantLabels(resourceAttributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const scopeLabels = this.scopeLabels(scopeMetrics);
      for (const metric of scopeMetrics.metrics) {
        this.addMetric(families, metric, scopeLabels, constantLabels, format);
      }
    }
    return this.render(families, format);
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
    families.set('target_info', {
      kind: 'info',
      metadataName: format === 'openmetrics' ? 'target' : 'target_info',
      help: 'Target metadata',
      lines: [sampleLine('target_info', labels, '1')],
      seriesKeys: new Set(),
    });
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

  private addMetric(
    families: Map<string, Family>,
    metric: MetricData,
    scopeLabels: readonly Label[],
    constantLabels: readonly Label[],
    format: ExpositionFormat,
  ): void {
    const kind = this.kindOf(metric);
    if (kind === undefined) return;
    const { descriptor } = metric;
    const names = metricNames(descriptor.name, descriptor.unit, kind, this._options);
    const metadataName =
      kind === 'counter' ? (format === 'openmetrics' ? names.family : names.textCounterSample) : names.family;
    const existing = families.get(metadataName);
    let family: Family;
    if (existing === undefined) {
      family = { kind, metadataName, help: descriptor.description, unit: names.unit, lines: [], seriesKeys: new Set() };
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

    const withCreated = format === 'openmetrics' && kind !== 'gauge';
    const reserved = kind === 'histogram' ? ['le'] : [];
    const pointName = descriptor.name;

    if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
      const sampleName =
        kind === 'counter' ? (format === 'openmetrics' ? names.counterSample : names.textCounterSample) : names.family;
      for (const point of metric.dataPoints) {
        const labels = this.pointLabels(pointName, point.attributes, constantLabels, scopeLabels, reserved);
        if (!this.claimSeries(family, labels, pointName)) continue;
        family.lines.push(sampleLine(sampleName, labels, formatValue(point.value)));
        if (withCreated) family.lines.push(sampleLine(`${names.family}_created`, labels, formatTime(point.startTime)));
      }
      return;
    }

    const points: Array<DataPoint<unknown>> = metric.dataPoints;
    for (const point of points) {
      const labels = this.pointLabels(pointName, point.attributes, constantLabels, scopeLabels, reserved);
      if (!this.claimSeries(family, labels, pointName)) continue;
      let histogram: Pick<Histogram, 'buckets' | 'sum' | 'count'>;
      if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
        const value = (point as DataPoint<ExponentialHistogram>).value;
        histogram = { buckets: exponentialToExplicit(value), sum: value.sum, count: value.count };
      } else {
        histogram = (point as DataPoint<Histogram>).value;
      }
      writeHistogram(family.lines, names.family, labels, histogram, format);
      if (withCreated) family.lines.push(sampleLine(`${names.family}_created`, labels, formatTime(point.startTime)));
    }
  }

  /**
   * Two scopes can yield the same series once scope labels are off (or are equal); a scrape
   * with a duplicate series is rejected by Prometheus, so the first one wins.
   */
  private claimSeries(family: Family, labels: readonly Label[], metricName: string): boolean {
    const key = labels
      .map(([name, value]) => `${name}\u0000${value}`)
      .sort()
      .join('\u0001');
    if (family.seriesKeys.has(key)) {
      this.warnOnce(
        `dup:${family.metadataName}:${key}`,
        `PrometheusReader: metric "${metricName}" repeats a series of "${family.metadataName}" with the same labels; the repeated series is dropped`,
      );
      return false;
    }
    family.seriesKeys.add(key);
    return true;
  }

  private render(families: Map<string, Family>, format: ExpositionFormat): SerializedMetrics {
    const names = new Set<string>();
    let out = '';
    for (const family of families.values()) {
      names.add(family.metadataName);
      for (const line of family.lines) names.add(line.slice(0, sampleNameEnd(line)));
      if (family.help !== '') out += `# HELP ${family.metadataName} ${escapeHelp(family.help, format)}\n`;
      out += `# TYPE ${family.metadataName} ${family.kind === 'info' && format === 'text' ? 'gauge' : family.kind}\n`;
      if (format === 'openmetrics' && family.unit !== undefined) out += `# UNIT ${family.metadataName} ${family.unit}\n`;
      for (const line of family.lines) out += line;
    }
    return { text: out, names };
  }
}

function sampleNameEnd(line: string): number {
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  return brace >= 0 && brace < space ? brace : space;
}

function sampleLine(name: string, labels: readonly Label[], value: string): string {
  if (labels.length === 0) return `${name} ${value}\n`;
  let out = `${name}{`;
  for (let i = 0; i < labels.length; i++) {
    const [label, labelValue] = labels[i]!;
    out += `${i === 0 ? '' : ','}${label}="${escapeLabelValue(labelValue)}"`;
  }
  return `${out}} ${value}\n`;
}

function writeHistogram(
  lines: string[],
  name: string,
  labels: readonly Label[],
  histogram: Pick<Histogram, 'buckets' | 'sum' | 'count'>,
  format: ExpositionFormat,
): void {
  const { boundaries, counts } = histogram.buckets;
  let cumulative = 0;
  for (let i = 0; i < boundaries.length; i++) {
    cumulative += counts[i] ?? 0;
    lines.push(sampleLine(`${name}_bucket`, [...labels, ['le', formatBucketBound(boundaries[i]!, format)]], formatValue(cumulative)));
  }
  cumulative += counts[boundaries.length] ?? 0;
  lines.push(sampleLine(`${name}_bucket`, [...labels, ['le', '+Inf']], formatValue(cumulative)));
  // The data model leaves sum unset when the instrument may record negative values: the
  // specification reports _sum only when it is monotonic.
  if (histogram.sum !== undefined) lines.push(sampleLine(`${name}_sum`, labels, formatValue(histogram.sum)));
  lines.push(sampleLine(`${name}_count`, labels, formatValue(histogram.count)));
}

function formatTime([seconds, nanos]: readonly [number, number]): string {
  return formatValue(seconds + nanos / 1e9);
}
