// ResourceMetrics → Prometheus exposition, following the OpenTelemetry specification's
// "OTLP Metric points to Prometheus" rules. One serializer lives per reader, so what it
// remembers spans scrapes: a conflict warns once, and each series' rendered labels are kept
// while the series lives. Deciding families and labels lives in metric-families.ts and
// series-labels.ts; writing in text-writer.ts and protobuf-writer.ts.
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { ByteWriter } from './byte-writer';
import type { ExpositionFormat } from './exposition-format';
import { FamilyBuilder } from './metric-families';
import { writeProtobuf } from './protobuf-writer';
import { renderLabels } from './rendered-labels';
import { SeriesLabeler } from './series-labels';
import { writeText } from './text-writer';
import { WarnOnce } from './warn-once';

/** Options of the Prometheus rendering (name suffixes, scope labels, `target_info`, ...). */
export interface SerializerOptions {
  /** No unit suffixes on metric names (and no `# UNIT`). */
  withoutUnits?: boolean;
  /** No `_total` added to counters in the 0.0.4 text format (OpenMetrics requires it). */
  withoutTotalSuffix?: boolean;
  /** No `otel_scope_name`, `otel_scope_version`, `otel_scope_schema_url` or `otel_scope_<attribute>` labels. */
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

/** The output of {@link PrometheusSerializer.serializeToBytes}: the exposition as UTF-8 bytes and the names it wrote. */
export interface SerializedBytes {
  /** The exposition, then the trailer's text. */
  bytes: Buffer;
  /** Every family name and sample name written: what a merged source must not repeat. */
  names: Set<string>;
}

/** Renders `ResourceMetrics` in the Prometheus text, OpenMetrics or protobuf format, following the OpenTelemetry Prometheus compatibility rules. */
export class PrometheusSerializer {
  private readonly _warnings = new WarnOnce();
  private readonly _labeler: SeriesLabeler;
  private readonly _families: FamilyBuilder;
  private readonly _withoutTargetInfo: boolean;
  private readonly _out = new ByteWriter();
  /** The size of the last text exposition: the next one's first buffer. */
  private _sizeHint = 0;

  constructor(options: SerializerOptions = {}) {
    this._withoutTargetInfo = options.withoutTargetInfo ?? false;
    this._labeler = new SeriesLabeler(
      { withoutScopeInfo: options.withoutScopeInfo ?? false, constantLabelFilter: constantLabelFilter(options.withResourceConstantLabels) },
      this._warnings,
    );
    this._families = new FamilyBuilder(
      { withoutUnits: options.withoutUnits ?? false, withoutTotalSuffix: options.withoutTotalSuffix ?? false },
      this._labeler,
      this._warnings,
    );
  }

  /** The 0.0.4 text or OpenMetrics exposition. */
  serialize(resourceMetrics: ResourceMetrics, format: ExpositionFormat): SerializedMetrics {
    const { bytes, names } = this.serializeToBytes(resourceMetrics, format);
    return { text: bytes.toString('utf8'), names };
  }

  /**
   * The 0.0.4 text or OpenMetrics exposition as UTF-8 bytes, ready to send: what the reader's
   * HTTP handler serves. `trailer`, given the names written, returns text to append (another
   * registry's families, OpenMetrics' `# EOF`).
   */
  serializeToBytes(resourceMetrics: ResourceMetrics, format: ExpositionFormat, trailer?: (names: Set<string>) => string): SerializedBytes {
    const families = this._families.build(resourceMetrics, format);
    const out = this._out;
    // Sized for the previous exposition plus some growth: one allocation in the steady state.
    out.start(this._sizeHint + (this._sizeHint >> 3));
    const { names } = writeText(out, families.values(), format, this.targetInfo(resourceMetrics));
    if (trailer !== undefined) out.text(trailer(names));
    this._sizeHint = out.length;
    return { bytes: out.finish(), names };
  }

  /**
   * The protobuf exposition: length-delimited `io.prometheus.client.MetricFamily` messages,
   * exponential histograms as native histograms.
   */
  serializeProtobuf(resourceMetrics: ResourceMetrics): Uint8Array {
    const families = this._families.build(resourceMetrics, 'text');
    const targetInfo = this._withoutTargetInfo ? [] : this._labeler.resourceLabels(resourceMetrics.resource.attributes);
    return writeProtobuf(families.values(), targetInfo, this._labeler, this._warnings);
  }

  /** The rendered `target_info` labels, or undefined when there is none (the empty resource). */
  private targetInfo(resourceMetrics: ResourceMetrics): string | undefined {
    if (this._withoutTargetInfo) return undefined;
    const labels = this._labeler.resourceLabels(resourceMetrics.resource.attributes);
    return labels.length === 0 ? undefined : renderLabels(labels).body;
  }
}

function constantLabelFilter(selector: RegExp | readonly string[] | undefined): ((key: string) => boolean) | undefined {
  if (selector instanceof RegExp) {
    // A global or sticky RegExp keeps state between test() calls; use a stateless copy.
    const regex = new RegExp(selector.source, selector.flags.replace(/[gy]/g, ''));
    return (key) => regex.test(key);
  }
  if (selector === undefined) return undefined;
  const keys = new Set(selector);
  return (key) => keys.has(key);
}
