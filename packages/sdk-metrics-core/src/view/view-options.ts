// The plain view option object, typed. Its fields are those of `ViewOptions` in
// @opentelemetry/sdk-metrics 2.x (checked mutually assignable in test/types), plus the
// meterkit shorthand `attributeKeys`. It lives in the core, not in @meterkit/views, because
// `new MeterProvider({ views: [{...}] })` takes these objects and must type them: with
// `Record<string, unknown>` a misspelled option name compiled and only failed at start-up.
import type { AggregationOption } from '../aggregators/aggregation-option';
import type { InstrumentType } from '../data/metric-data';
import type { IAttributesProcessor } from './attributes-processor';
import type { ExemplarReservoirFactory } from '../exemplar/exemplar-reservoir';

/** Which attribute keys a stream keeps: only `allow` (when given), minus `deny`. */
export interface AttributeKeysOption {
  allow?: readonly string[];
  deny?: readonly string[];
}

/**
 * Options of a view: the option names of @opentelemetry/sdk-metrics 2.x `ViewOptions`, plus
 * the meterkit shorthand `attributeKeys`.
 *
 * Selection criteria (an instrument must meet every one given; at least one is required):
 * `instrumentName`, `instrumentType`, `instrumentUnit`, `meterName`, `meterVersion`,
 * `meterSchemaUrl`. Stream configuration: `name`, `description`, `aggregation`,
 * `attributesProcessors`, `attributeKeys`, `aggregationCardinalityLimit`, `exemplarReservoir`.
 */
export interface ViewOptions {
  /** Stream name. Only allowed when the view selects a single instrument name (no wildcard). */
  name?: string;
  /** Stream description; defaults to the instrument's. */
  description?: string;
  /** Processors applied in order to each measurement's attributes before it is aggregated. */
  attributesProcessors?: IAttributesProcessor[];
  /** meterkit shorthand: keep only `allow` keys (when given) and drop `deny` keys. */
  attributeKeys?: AttributeKeysOption;
  /**
   * How the stream aggregates; `{ type: AggregationType.DEFAULT }` leaves it to the reader.
   * (In plain JavaScript the type may also be given by name, e.g. `{ type: 'SUM' }`.)
   */
  aggregation?: AggregationOption;
  /** Maximum number of attribute sets of the stream; more go to `otel.metric.overflow=true`. */
  aggregationCardinalityLimit?: number;
  /**
   * meterkit: makes the exemplar reservoir of each series of the stream (the specification's
   * `exemplar_reservoir`), e.g. `simpleFixedSizeExemplarReservoir(4)`. Defaults to the
   * specification's default for the aggregation. (@opentelemetry/sdk-metrics 2.x has no
   * such option: it records no exemplars.)
   */
  exemplarReservoir?: ExemplarReservoirFactory;
  /** Instrument type to select. */
  instrumentType?: InstrumentType;
  /** Instrument name to select, case-insensitive; `*` matches any run of characters, `?` one character. */
  instrumentName?: string;
  /** Instrument unit to select, exact and case-sensitive. */
  instrumentUnit?: string;
  /** Meter name to select, exact. */
  meterName?: string;
  /** Meter version to select, exact. */
  meterVersion?: string;
  /** Meter schema URL to select, exact. */
  meterSchemaUrl?: string;
}
