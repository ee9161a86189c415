// A View selects instruments and says how their metric stream is produced. Everything is
// checked and compiled in the constructor: a bad option fails at startup with a message
// naming it, and `matches()` (called by the core once per instrument registration and
// view) only compares precomputed values.
import type { InstrumentationScope } from '@opentelemetry/core';
import {
  AggregationType,
  InstrumentType,
  type AggregationOption,
  type AttributesProcessor,
  type ExemplarReservoirFactory,
  type InstrumentDescriptor,
  type View as CoreView,
  type ViewOptions,
} from '@meterkit/sdk-metrics-core';
import { validateAggregation } from './aggregation';
import { buildAttributesProcessor } from './attribute-filter';
import { compileNamePattern, hasWildcard, type NameMatcher } from './name-pattern';
import { describeInvalidStreamName, isValidStreamName } from './stream-name';

export type { ViewOptions } from '@meterkit/sdk-metrics-core';

/** The selection criteria a view was built with, as given. */
export interface ViewSelection {
  readonly instrumentName?: string;
  readonly instrumentType?: InstrumentType;
  readonly instrumentUnit?: string;
  readonly meterName?: string;
  readonly meterVersion?: string;
  readonly meterSchemaUrl?: string;
}

const SELECTION_KEYS = [
  'instrumentName',
  'instrumentType',
  'instrumentUnit',
  'meterName',
  'meterVersion',
  'meterSchemaUrl',
] as const;
const STREAM_KEYS = [
  'name',
  'description',
  'aggregation',
  'attributesProcessors',
  'attributeKeys',
  'aggregationCardinalityLimit',
  'exemplarReservoir',
] as const;
const KNOWN_KEYS = new Set<string>([...SELECTION_KEYS, ...STREAM_KEYS]);
const INSTRUMENT_TYPES = new Set<unknown>(Object.values(InstrumentType));

function optionalString(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  if (value == null) return undefined;
  if (typeof value !== 'string') {
    throw new TypeError(`View option '${key}' must be a string, got ${typeof value}`);
  }
  return value;
}

/** A view: selects instruments (name with `*`/`?` wildcards, type, unit, meter) and configures their stream (name, description, aggregation, attributes, cardinality limit, exemplar reservoir); every option is checked when it is built. */
export class View implements CoreView {
  // `declare`: no field initializer is emitted, so an option that was not given is absent
  // from the object rather than an own property holding undefined.
  declare readonly name?: string;
  declare readonly description?: string;
  declare readonly aggregation?: AggregationOption;
  declare readonly attributesProcessor?: AttributesProcessor;
  declare readonly aggregationCardinalityLimit?: number;
  declare readonly exemplarReservoir?: ExemplarReservoirFactory;
  /** The selection criteria, for diagnostics and introspection. */
  readonly selection: ViewSelection;

  private declare readonly _nameMatcher?: NameMatcher;
  private declare readonly _type?: InstrumentType;
  private declare readonly _unit?: string;
  private declare readonly _meterName?: string;
  private declare readonly _meterVersion?: string;
  private declare readonly _meterSchemaUrl?: string;

  constructor(viewOptions: ViewOptions) {
    if (typeof viewOptions !== 'object' || viewOptions === null) {
      throw new TypeError('View options must be an object such as { instrumentName: "my.counter", name: "my.stream" }');
    }
    const options = viewOptions as unknown as Record<string, unknown>;
    const unknownKeys = Object.keys(options).filter((key) => !KNOWN_KEYS.has(key));
    if (unknownKeys.length > 0) {
      throw new TypeError(
        `Unknown View option(s) ${unknownKeys.map((k) => `'${k}'`).join(', ')}; expected selection criteria ` +
          `(${SELECTION_KEYS.join(', ')}) and stream options (${STREAM_KEYS.join(', ')})`,
      );
    }

    // --- selection -------------------------------------------------------------------
    const instrumentName = optionalString(options, 'instrumentName');
    const instrumentUnit = optionalString(options, 'instrumentUnit');
    const meterName = optionalString(options, 'meterName');
    const meterVersion = optionalString(options, 'meterVersion');
    const meterSchemaUrl = optionalString(options, 'meterSchemaUrl');
    const instrumentType = options.instrumentType == null ? undefined : options.instrumentType;

    if (
      instrumentName === undefined &&
      instrumentType === undefined &&
      instrumentUnit === undefined &&
      meterName === undefined &&
      meterVersion === undefined &&
      meterSchemaUrl === undefined
    ) {
      throw new TypeError(
        `View has no selection criteria: give at least one of ${SELECTION_KEYS.join(', ')} ` +
          "(instrumentName: '*' selects every instrument)",
      );
    }
    if (instrumentName === '') {
      throw new TypeError("View option 'instrumentName' must not be empty; use '*' to select every instrument");
    }
    if (instrumentType !== undefined && !INSTRUMENT_TYPES.has(instrumentType)) {
      throw new TypeError(
        `View option 'instrumentType' must be an InstrumentType (${[...INSTRUMENT_TYPES].join(', ')}), got ${String(instrumentType)}`,
      );
    }

    // --- stream ----------------------------------------------------------------------
    const name = optionalString(options, 'name');
    if (name !== undefined) {
      if (!isValidStreamName(name)) {
        throw new TypeError(`View option 'name' is not a valid instrument name: ${describeInvalidStreamName(name)}`);
      }
      // Giving one name to several instruments would merge unrelated streams into a
      // conflict; the specification asks SDKs to refuse such a view.
      if (instrumentName === undefined || hasWildcard(instrumentName)) {
        throw new TypeError(
          `View option 'name' ("${name}") requires 'instrumentName' to select a single instrument name: ` +
            (instrumentName === undefined
              ? "without 'instrumentName' the view can select many instruments"
              : `'instrumentName' "${instrumentName}" contains a wildcard and can select many instruments`) +
            ', which would all be renamed to the same stream',
        );
      }
    }
    const description = optionalString(options, 'description');
    const aggregation = options.aggregation == null ? undefined : validateAggregation(options.aggregation);

    const limit = options.aggregationCardinalityLimit;
    if (limit != null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit <= 0)) {
      throw new RangeError(
        `View option 'aggregationCardinalityLimit' must be a positive integer, got ${typeof limit === 'number' ? limit : typeof limit}`,
      );
    }
    const exemplarReservoir = options.exemplarReservoir;
    if (exemplarReservoir != null && typeof exemplarReservoir !== 'function') {
      throw new TypeError(
        `View option 'exemplarReservoir' must be a reservoir factory (e.g. simpleFixedSizeExemplarReservoir(4) from @meterkit/sdk-metrics-core), got ${typeof exemplarReservoir}`,
      );
    }
    const attributesProcessor = buildAttributesProcessor(
      options.attributesProcessors ?? undefined,
      options.attributeKeys ?? undefined,
    );

    // Properties are only defined when set, so spreading or logging a view shows what it changes.
    if (name !== undefined) this.name = name;
    if (description !== undefined) this.description = description;
    if (aggregation !== undefined) this.aggregation = aggregation;
    if (attributesProcessor !== undefined) this.attributesProcessor = attributesProcessor;
    if (limit != null) this.aggregationCardinalityLimit = limit as number;
    if (exemplarReservoir != null) this.exemplarReservoir = exemplarReservoir as ExemplarReservoirFactory;

    const selection: { -readonly [K in keyof ViewSelection]: ViewSelection[K] } = {};
    if (instrumentName !== undefined) {
      selection.instrumentName = instrumentName;
      this._nameMatcher = compileNamePattern(instrumentName);
    }
    if (instrumentType !== undefined) selection.instrumentType = this._type = instrumentType as InstrumentType;
    if (instrumentUnit !== undefined) selection.instrumentUnit = this._unit = instrumentUnit;
    if (meterName !== undefined) selection.meterName = this._meterName = meterName;
    if (meterVersion !== undefined) selection.meterVersion = this._meterVersion = meterVersion;
    if (meterSchemaUrl !== undefined) selection.meterSchemaUrl = this._meterSchemaUrl = meterSchemaUrl;
    this.selection = Object.freeze(selection);
  }

  matches(instrument: InstrumentDescriptor, scope: InstrumentationScope): boolean {
    if (this._type !== undefined && instrument.type !== this._type) return false;
    if (this._unit !== undefined && instrument.unit !== this._unit) return false;
    if (this._meterName !== undefined && scope.name !== this._meterName) return false;
    // A meter created without a version or schema URL has '' / undefined; both mean "none".
    if (this._meterVersion !== undefined && (scope.version ?? '') !== this._meterVersion) return false;
    if (this._meterSchemaUrl !== undefined && (scope.schemaUrl ?? '') !== this._meterSchemaUrl) return false;
    if (this._nameMatcher !== undefined && !this._nameMatcher(instrument.name)) return false;
    return true;
  }

  /** Readable form for diagnostics, e.g. `View(instrumentName="traffic_volume" -> name="request_count")`. */
  toString(): string {
    const parts = Object.entries(this.selection).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const stream: string[] = [];
    if (this.name !== undefined) stream.push(`name=${JSON.stringify(this.name)}`);
    if (this.aggregation !== undefined) stream.push(`aggregation=${AggregationType[this.aggregation.type]}`);
    return `View(${parts.join(', ')}${stream.length ? ` -> ${stream.join(', ')}` : ''})`;
  }
}

/** Same as `new View(options)`. */
export function createView(options: ViewOptions): View {
  return new View(options);
}
