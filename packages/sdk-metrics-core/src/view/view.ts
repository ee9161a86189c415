// The contract between the core and view implementations (@meterkit/views). The core only
// asks a view whether it selects an instrument and how the resulting stream is configured.
import type { InstrumentationScope } from '@opentelemetry/core';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { AggregationOption } from '../aggregators/aggregation-option';
import type { AttributesProcessor } from './attributes-processor';
import type { ExemplarReservoirFactory } from '../exemplar/exemplar-reservoir';

/** A compiled view: which instruments it selects and how their stream is configured. Build one with `createView` from `@meterkit/views`. */
export interface View {
  /** True when this view applies to `instrument`, registered by the meter of `scope`. */
  matches(instrument: InstrumentDescriptor, scope: InstrumentationScope): boolean;
  /** Stream name; defaults to the instrument name. */
  readonly name?: string;
  /** Stream description; defaults to the instrument description. */
  readonly description?: string;
  /** Aggregation; defaults to the reader's aggregation selector. */
  readonly aggregation?: AggregationOption;
  /** Filters attributes before they are keyed. */
  readonly attributesProcessor?: AttributesProcessor;
  /** Overrides the reader's cardinality limit for this stream. */
  readonly aggregationCardinalityLimit?: number;
  /** Makes the exemplar reservoir of each series; defaults to the specification's default for the aggregation. */
  readonly exemplarReservoir?: ExemplarReservoirFactory;
}

/** Whether a value is a compiled {@link View} (rather than plain view options). */
export function isView(value: unknown): value is View {
  return typeof value === 'object' && value !== null && typeof (value as View).matches === 'function';
}
