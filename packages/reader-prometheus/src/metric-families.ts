// ResourceMetrics → Prometheus metric families, before any format is written: which points
// become which kind of family under which name, which labels each series gets, and what is
// dropped (a family name taken by another type, a repeated series, delta data) with one
// warning per problem. The text and protobuf writers only write what this decides.
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type MetricData,
  type ResourceMetrics,
} from '@meterkit/sdk-metrics-core';
import { keepShape } from './keep-shape';
import { metricNames, type MetricNames, type NamingOptions, type PrometheusKind } from './naming';
import type { RenderedLabels } from './rendered-labels';
import type { FixedLabels, SeriesLabeler } from './series-labels';
import { SeriesSet, type ClaimableLabels } from './series-set';
import type { WarnOnce } from './warn-once';

/** How names are chosen: counters are named `x_total` in the 0.0.4 text and protobuf formats, `x` in OpenMetrics. */
export type FamilyNaming = 'text' | 'openmetrics';

/** What a point holds: a number, explicit buckets, or exponential buckets. */
export type PointShape = 'number' | 'histogram' | 'exponential';

/**
 * One metric's points in a family, as a structure of arrays: the collection's own points
 * array, and beside it each point's rendered labels (undefined: a repeated series, dropped).
 * A 10k-series scrape used to make one 7-field object per point; after a GC those land in
 * fresh memory, which is slow to touch (measured ~3 ms of a ~8 ms scrape on the bench's VM).
 * The labels array is one allocation of one pointer per point, and what the per-series
 * fields held (metric name, fixed labels, reserved names, shape) is the same for every point
 * of a metric, so it is kept once here. Its shape is kept for the module's life
 * (keep-shape.ts says why).
 */
export class FamilyMember {
  constructor(
    readonly shape: PointShape,
    /** What `SeriesLabeler.pairs` needs to give the same labels as pairs: the metric's name, ... */
    readonly metricName: string,
    readonly fixed: FixedLabels,
    readonly reserved: readonly string[],
    /** The collection's points, not copied. */
    readonly points: ReadonlyArray<DataPoint<unknown>>,
    /** Invariant: `labels.length === points.length`; `labels[i]` belongs to `points[i]`. */
    readonly labels: Array<RenderedLabels | undefined>,
  ) {}
}

/**
 * One family of one build; its shape is kept for the module's life (keep-shape.ts
 * says why).
 */
export class Family {
  /** The first non-empty description among the family's metrics: one HELP per family. */
  help: string;
  /** The family's metrics in collection order; a repeated series is dropped from the later one. */
  readonly members: FamilyMember[] = [];
  /** Points written (not dropped) over all members: a family without any writes nothing. */
  size = 0;

  constructor(
    readonly kind: PrometheusKind,
    /** The name in `# HELP` / `# TYPE` (and the protobuf MetricFamily name). */
    readonly metadataName: string,
    readonly names: MetricNames,
    help: string,
    readonly unit: string | undefined,
    readonly series: SeriesSet,
  ) {
    this.help = help;
  }
}

keepShape(new Family('gauge', '', metricNames('x', '', 'gauge', { withoutUnits: false, withoutTotalSuffix: false }), '', undefined, new SeriesSet()));
keepShape(new FamilyMember('number', '', { sources: [], body: '', hash: 0, names: [] }, [], [], []));

const NO_RESERVED_LABELS: readonly string[] = [];
const RESERVED_HISTOGRAM_LABELS: readonly string[] = ['le'];
/** A family name unused for this many builds loses its series set (a scraper may alternate formats, whose names differ). */
const SERIES_SET_IDLE_BUILDS = 8;

export class FamilyBuilder {
  /** The series sets of family names, kept across builds (series-set.ts says why). */
  private readonly _seriesSets = new Map<string, { set: SeriesSet; lastBuild: number }>();
  private _build = 0;
  /** What the last `pointLabels` kept. */
  private _kept = 0;

  constructor(
    private readonly _naming: NamingOptions,
    private readonly _labeler: SeriesLabeler,
    private readonly _warnings: WarnOnce,
  ) {}

  /** The families of `resourceMetrics`, in first-seen order. */
  build(resourceMetrics: ResourceMetrics, naming: FamilyNaming): Map<string, Family> {
    this._build++;
    this.forgetIdleSeriesSets();
    const families = new Map<string, Family>();
    const resourceAttributes = resourceMetrics.resource.attributes;
    for (const scopeMetrics of resourceMetrics.scopeMetrics) {
      const fixed = this._labeler.fixedLabels(resourceAttributes, scopeMetrics.scope);
      for (const metric of scopeMetrics.metrics) this.addMetric(families, metric, fixed, naming);
    }
    return families;
  }

  private kindOf(metric: MetricData): PrometheusKind | undefined {
    const name = metric.descriptor.name;
    switch (metric.dataPointType) {
      case DataPointType.GAUGE:
        return 'gauge';
      case DataPointType.SUM:
        if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
          this._warnings.warn(`delta:${name}`, `PrometheusReader: metric "${name}" has delta temporality; Prometheus needs cumulative sums, the metric is dropped`);
          return undefined;
        }
        return metric.isMonotonic ? 'counter' : 'gauge';
      case DataPointType.HISTOGRAM:
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        if (metric.aggregationTemporality !== AggregationTemporality.CUMULATIVE) {
          this._warnings.warn(`delta:${name}`, `PrometheusReader: histogram "${name}" has delta temporality; Prometheus needs cumulative histograms, the metric is dropped`);
          return undefined;
        }
        return 'histogram';
      default:
        return undefined;
    }
  }

  private addMetric(families: Map<string, Family>, metric: MetricData, fixed: FixedLabels, naming: FamilyNaming): void {
    const kind = this.kindOf(metric);
    if (kind === undefined) return;
    const { descriptor } = metric;
    const names = metricNames(descriptor.name, descriptor.unit, kind, this._naming);
    const metadataName = kind === 'counter' ? (naming === 'openmetrics' ? names.family : names.textCounterSample) : names.family;
    let family = families.get(metadataName);
    if (family === undefined) {
      family = new Family(kind, metadataName, names, descriptor.description, names.unit, this.seriesSet(metadataName));
      families.set(metadataName, family);
    } else if (family.kind !== kind) {
      this._warnings.warn(
        `type:${metadataName}:${kind}`,
        `PrometheusReader: metric "${descriptor.name}" would be exported as ${kind} "${metadataName}", which is already a ${family.kind}; it is dropped`,
      );
      return;
    } else if (family.help === '') {
      // Same family from another scope: one HELP per family, the first non-empty one.
      family.help = descriptor.description;
    }
    const shape: PointShape =
      metric.dataPointType === DataPointType.HISTOGRAM
        ? 'histogram'
        : metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM
          ? 'exponential'
          : 'number';
    const reserved = kind === 'histogram' ? RESERVED_HISTOGRAM_LABELS : NO_RESERVED_LABELS;
    const labels = this.pointLabels(family, metric.dataPoints, descriptor.name, fixed, reserved);
    family.members.push(new FamilyMember(shape, descriptor.name, fixed, reserved, metric.dataPoints, labels));
    family.size += this._kept;
  }

  /**
   * The per-point loop, apart from `addMetric`: the collection's MetricData objects are new on
   * every scrape and their shape can die in a GC (keep-shape.ts), which discards the
   * optimised code that reads them; here only the points are read. Nothing but the loop: V8
   * optimises it while it runs (on-stack replacement), before any code after the loop has
   * run, and that code then deoptimised the whole function on its first run (seen with
   * --trace-deopt: the next scrapes ran the 10k-point loop unoptimised, ~5-10 ms each).
   * Returns each point's labels (undefined: a repeat, dropped); `_kept` holds how many are kept.
   */
  private pointLabels(family: Family, points: Array<DataPoint<unknown>>, metricName: string, fixed: FixedLabels, reserved: readonly string[]): Array<RenderedLabels | undefined> {
    const count = points.length;
    // Sized once (no growth copies); every slot is written below.
    const labels = new Array<RenderedLabels | undefined>(count);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const rendered = this._labeler.rendered(metricName, points[i]!.attributes, fixed, reserved);
      if (this.claimSeries(family, rendered, metricName)) {
        labels[i] = rendered;
        kept++;
      } else {
        labels[i] = undefined;
      }
    }
    this._kept = kept;
    return labels;
  }

  /** The family's series set, begun for this build. */
  private seriesSet(metadataName: string): SeriesSet {
    let kept = this._seriesSets.get(metadataName);
    if (kept === undefined) {
      kept = { set: new SeriesSet(), lastBuild: this._build };
      this._seriesSets.set(metadataName, kept);
    }
    kept.lastBuild = this._build;
    kept.set.begin(this._build);
    return kept.set;
  }

  private forgetIdleSeriesSets(): void {
    for (const [name, kept] of this._seriesSets) {
      if (this._build - kept.lastBuild > SERIES_SET_IDLE_BUILDS) this._seriesSets.delete(name);
    }
  }

  /**
   * Two scopes can yield the same series once scope labels are off (or are equal); a scrape
   * with a duplicate series is rejected by Prometheus, so the first one wins. The repeat is
   * dropped on every scrape but warned about once per family for the reader's life: a key
   * per family, not per series, so that neither the log nor the memory of warnings grows
   * with the number of repeated series.
   */
  private claimSeries(family: Family, labels: ClaimableLabels, metricName: string): boolean {
    if (family.series.add(labels)) return true;
    this._warnings.warn(
      // The family's base name: the same key whichever format a scraper asks for.
      `dup:${family.names.family}`,
      () =>
        `PrometheusReader: metric "${metricName}" repeats a series of "${family.metadataName}" with the same labels {${labels.body}}; ` +
        'the repeated series is dropped (on every scrape; further repeated series of this family are dropped without a warning)',
    );
    return false;
  }
}
