// Step 1 of the pipeline: from an instrument to the streams the views define for it. Every
// view that selects the instrument adds one stream (its name, description, aggregation,
// attribute processor, cardinality limit, exemplar reservoir); when none does, the instrument has its default
// stream. Nothing here depends on a reader: reader-streams.ts completes each spec per reader.
import { diag } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import { AggregationType, type AggregationOption } from '../aggregators/aggregation-option';
import type { View } from '../view/view';
import type { AttributesProcessor } from '../view/attributes-processor';
import type { ExemplarReservoirFactory } from '../exemplar/exemplar-reservoir';

/** A stream as the views define it, before any reader's choices. */
export interface StreamSpec {
  readonly name: string;
  readonly description: string;
  /** The view's aggregation; undefined leaves the choice to each reader's selector. */
  readonly aggregation?: AggregationOption;
  readonly attributesProcessor?: AttributesProcessor;
  readonly cardinalityLimit?: number;
  /** The view's exemplar reservoir factory; undefined: the specification's default for the aggregation. */
  readonly exemplarReservoir?: ExemplarReservoirFactory;
}

/**
 * The streams of `instrument`, one per selecting view in view order, or its default stream.
 * A view that throws while matching is reported and treated as not selecting.
 */
export function streamSpecsFor(
  instrument: InstrumentDescriptor,
  scope: InstrumentationScope,
  views: readonly View[],
): StreamSpec[] {
  const specs: StreamSpec[] = [];
  for (const view of views) {
    let selected = false;
    try {
      selected = view.matches(instrument, scope);
    } catch (error) {
      diag.error(`A view threw while matching instrument "${instrument.name}"; view ignored`, error);
    }
    if (!selected) continue;
    const aggregation = view.aggregation && view.aggregation.type !== AggregationType.DEFAULT ? view.aggregation : undefined;
    specs.push({
      name: view.name ?? instrument.name,
      description: view.description ?? instrument.description,
      aggregation,
      attributesProcessor: view.attributesProcessor,
      cardinalityLimit: view.aggregationCardinalityLimit,
      exemplarReservoir: view.exemplarReservoir,
    });
  }
  if (specs.length === 0) specs.push({ name: instrument.name, description: instrument.description });
  return specs;
}
