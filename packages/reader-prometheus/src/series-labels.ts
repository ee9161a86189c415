// The labels of every series: its attributes, then the resource attributes chosen as constant
// labels, then the scope labels. Rendering them is most of the cost of a scrape, so a series'
// rendered labels are kept while the series lives: the SDK hands out the same (immutable)
// attributes object for a series on every collection, and a WeakMap keyed by it lets the
// rendering die with the series. Data whose attributes objects are new on every collection
// (a bridge) is rendered each time, as before.
import type { Attributes } from '@opentelemetry/api';
import type { InstrumentationScope } from '@meterkit/sdk-metrics-core';
import { attributeValueToString } from './exposition-format';
import { keepShape } from './keep-shape';
import { joinLabelSources, type LabelSource } from './label-rules';
import { sanitizeLabelName } from './naming';
import type { Claim, ClaimableLabels } from './series-set';
import { labelNameOf, labelValueHash, renderLabels, renderLabelValue, type Label, type RenderedLabels } from './rendered-labels';
import type { WarnOnce } from './warn-once';

export const SCOPE_NAME_LABEL = 'otel_scope_name';
export const SCOPE_VERSION_LABEL = 'otel_scope_version';
export const SCOPE_SCHEMA_URL_LABEL = 'otel_scope_schema_url';
const SCOPE_IDENTITY_LABELS: readonly string[] = [SCOPE_NAME_LABEL, SCOPE_VERSION_LABEL, SCOPE_SCHEMA_URL_LABEL];
const SCOPE_ATTRIBUTE_PREFIX = 'otel_scope_';

/** The labels every series of one scope gets after its own attributes. */
export interface FixedLabels {
  /** Constant resource labels, then scope labels, before joining (for points that collide with them). */
  readonly sources: readonly LabelSource[];
  /** The joined labels rendered, joined by ","; '' for none. */
  readonly body: string;
  /** The hash of their set (see `RenderedLabels`). */
  readonly hash: number;
  /** Their label names: an attribute taking one goes through the joining path. */
  readonly names: readonly string[];
}

export interface LabelingOptions {
  withoutScopeInfo: boolean;
  /** Which resource attributes become labels on every series; none when undefined. */
  constantLabelFilter?: (key: string) => boolean;
}

/**
 * What is kept per series: its rendered labels, and what they were rendered for. It is the
 * `RenderedLabels` itself rather than holding one: the scrape reads the labels of every
 * point, and one object per series is one memory access fewer per point (and ~32 bytes less
 * per series). Its shape is kept for the module's life (keep-shape.ts says why).
 */
class SeriesEntry implements ClaimableLabels {
  pairs: readonly Label[] | undefined = undefined;
  claim: Claim | undefined = undefined;

  constructor(
    readonly body: string,
    readonly hash: number,
    readonly fixed: FixedLabels,
    readonly reserved: readonly string[],
  ) {}
}

keepShape(new SeriesEntry('', 0, { sources: [], body: '', hash: 0, names: [] }, []));

/** Attributes → label sources, in the attributes' own order; values the rules cannot render are left out. */
export function attributeSources(attributes: Attributes, prefix = ''): LabelSource[] {
  const sources: LabelSource[] = [];
  for (const key of Object.keys(attributes)) {
    const value = attributeValueToString(attributes[key]);
    if (value === undefined) continue;
    const original = prefix + key;
    sources.push({ key: original, name: sanitizeLabelName(original), value });
  }
  return sources;
}

export class SeriesLabeler {
  private readonly _fixed = new WeakMap<object, { resource: Attributes; fixed: FixedLabels }>();
  private readonly _series = new WeakMap<Attributes, SeriesEntry>();

  constructor(
    private readonly _options: LabelingOptions,
    private readonly _warnings: WarnOnce,
  ) {}

  /** The fixed labels of a scope under a resource; computed once while both stay the same objects. */
  fixedLabels(resourceAttributes: Attributes, scope: InstrumentationScope): FixedLabels {
    const cached = this._fixed.get(scope);
    if (cached !== undefined && cached.resource === resourceAttributes) return cached.fixed;
    const sources = [...this.constantSources(resourceAttributes), ...this.scopeSources(scope)];
    const rendered = renderLabels(joinLabelSources(sources));
    const fixed: FixedLabels = { sources, body: rendered.body, hash: rendered.hash, names: sources.map((s) => s.name) };
    this._fixed.set(scope, { resource: resourceAttributes, fixed });
    return fixed;
  }

  /** The rendered labels of a series; `reserved` names (`le`) are dropped from its attributes. */
  rendered(metricName: string, attributes: Attributes, fixed: FixedLabels, reserved: readonly string[]): ClaimableLabels {
    return this.entry(metricName, attributes, fixed, reserved);
  }

  /** The same labels as name/value pairs (the protobuf format), kept with the series as well. */
  pairs(metricName: string, attributes: Attributes, fixed: FixedLabels, reserved: readonly string[]): readonly Label[] {
    const entry = this.entry(metricName, attributes, fixed, reserved);
    entry.pairs ??= this.joinedLabels(metricName, attributes, fixed, reserved);
    return entry.pairs;
  }

  /** The resource attributes as `target_info` labels (joined by the same rule). */
  resourceLabels(attributes: Attributes): Label[] {
    return joinLabelSources(attributeSources(attributes));
  }

  private entry(metricName: string, attributes: Attributes, fixed: FixedLabels, reserved: readonly string[]): SeriesEntry {
    const cached = this._series.get(attributes);
    if (cached !== undefined && cached.fixed === fixed && cached.reserved === reserved) return cached;
    const rendered =
      renderPlainAttributes(attributes, fixed, reserved) ?? renderLabels(this.joinedLabels(metricName, attributes, fixed, reserved));
    const entry = new SeriesEntry(rendered.body, rendered.hash, fixed, reserved);
    this._series.set(attributes, entry);
    return entry;
  }

  /** The general path: joins colliding names, drops reserved ones (with a warning). */
  private joinedLabels(metricName: string, attributes: Attributes, fixed: FixedLabels, reserved: readonly string[]): Label[] {
    let own = attributeSources(attributes);
    if (reserved.length > 0) {
      own = own.filter((source) => {
        if (!reserved.includes(source.name)) return true;
        this._warnings.warn(
          `reserved:${metricName}:${source.name}`,
          `PrometheusReader: attribute "${source.key}" of metric "${metricName}" becomes label "${source.name}", which the exporter sets itself; the attribute is dropped`,
        );
        return false;
      });
    }
    return joinLabelSources(fixed.sources.length === 0 ? own : own.concat(fixed.sources));
  }

  private constantSources(attributes: Attributes): LabelSource[] {
    const filter = this._options.constantLabelFilter;
    if (filter === undefined) return [];
    const selected: Attributes = {};
    for (const key of Object.keys(attributes)) {
      if (filter(key)) selected[key] = attributes[key];
    }
    return attributeSources(selected);
  }

  /** `otel_scope_name`, `_version`, `_schema_url` when set, then `otel_scope_<attribute>` per scope attribute. */
  private scopeSources(scope: InstrumentationScope): LabelSource[] {
    if (this._options.withoutScopeInfo) return [];
    const sources: LabelSource[] = [{ key: SCOPE_NAME_LABEL, name: SCOPE_NAME_LABEL, value: scope.name }];
    if (scope.version) sources.push({ key: SCOPE_VERSION_LABEL, name: SCOPE_VERSION_LABEL, value: scope.version });
    if (scope.schemaUrl) sources.push({ key: SCOPE_SCHEMA_URL_LABEL, name: SCOPE_SCHEMA_URL_LABEL, value: scope.schemaUrl });
    if (scope.attributes !== undefined) {
      for (const source of attributeSources(scope.attributes, SCOPE_ATTRIBUTE_PREFIX)) {
        // The specification: a scope attribute that would take one of the three identity labels is dropped.
        if (SCOPE_IDENTITY_LABELS.includes(source.name)) {
          this._warnings.warn(
            `scope-attr:${scope.name}:${source.key}`,
            `PrometheusReader: scope attribute "${source.key.slice(SCOPE_ATTRIBUTE_PREFIX.length)}" of scope "${scope.name}" would become label "${source.name}"; it is dropped`,
          );
          continue;
        }
        sources.push(source);
      }
    }
    return sources;
  }
}

/**
 * The fast path: the attributes rendered in order, then the fixed labels. Returns undefined
 * when an attribute needs the joining path: two keys that sanitise to one label name, or a
 * name the fixed labels or the metric type already use.
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
