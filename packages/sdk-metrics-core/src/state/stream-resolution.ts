// From an instrument to its streams: which views select it (the default stream when none
// does), then how each stream is configured for each reader (aggregation, temporality,
// cardinality limit, in the specification's order of precedence: view, reader, default).
import { diag } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import { AggregationType, type AggregationOption } from '../aggregators/aggregation-option';
import { createAggregator } from '../aggregators/create-aggregator';
import type { IMetricReader } from '../export/metric-reader';
import { DEFAULT_CARDINALITY_LIMIT } from '../export/selectors';
import type { View } from '../view/view';
import type { AttributesProcessor } from '../view/attributes-processor';
import type { StreamConfig } from './stream';
import { AggregationTemporality } from '../data/metric-data';
import type { ExemplarReservoirFactory } from '../exemplar/exemplar-reservoir';
import { defaultExemplarReservoir } from '../exemplar/default-reservoir';

/** A stream as the views define it, before any reader's choices. */
export interface StreamSpec {
  readonly name: string;
  readonly description: string;
  readonly aggregation?: AggregationOption;
  readonly attributesProcessor?: AttributesProcessor;
  readonly cardinalityLimit?: number;
  readonly exemplarReservoir?: ExemplarReservoirFactory;
}

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

function validLimit(limit: unknown): limit is number {
  return typeof limit === 'number' && Number.isInteger(limit) && limit > 0;
}

export interface ReaderStream {
  readonly config: StreamConfig;
  /**
   * Readers whose stream has the same key may share one accumulator: only cumulative
   * streams, which collection reads without changing. Undefined: not shareable.
   */
  readonly shareKey?: string;
}

/** The stream of `spec` for `reader`, or undefined when the reader's aggregation drops it. */
export function configureForReader(
  spec: StreamSpec,
  specIndex: number,
  instrument: InstrumentDescriptor,
  reader: IMetricReader,
): ReaderStream | undefined {
  const option = spec.aggregation ?? reader.selectAggregation(instrument.type);
  const aggregator = createAggregator(option, instrument);
  if (aggregator === undefined) return undefined;
  const readerLimit = reader.selectCardinalityLimit(instrument.type);
  const cardinalityLimit = validLimit(spec.cardinalityLimit)
    ? spec.cardinalityLimit
    : validLimit(readerLimit)
      ? readerLimit
      : DEFAULT_CARDINALITY_LIMIT;
  const temporality = reader.selectAggregationTemporality(instrument.type);
  const config: StreamConfig = {
    instrument,
    descriptor: { name: spec.name, description: spec.description, unit: instrument.unit, valueType: instrument.valueType },
    aggregator,
    temporality,
    cardinalityLimit,
    attributesProcessor: spec.attributesProcessor,
    exemplarReservoir: spec.exemplarReservoir ?? defaultExemplarReservoir,
  };
  const shareKey =
    temporality === AggregationTemporality.CUMULATIVE
      ? JSON.stringify([specIndex, option, cardinalityLimit])
      : undefined;
  return { config, shareKey };
}
