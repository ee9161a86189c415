// Step 2 of the pipeline: one stream spec as one reader gets it. Aggregation, temporality and
// cardinality limit follow the specification's order of precedence (view, then the reader's
// selectors, then the default); the reader's aggregation may drop the stream.
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import { AggregationTemporality } from '../data/metric-data';
import { createAggregator } from '../aggregators/create-aggregator';
import type { IMetricReader } from '../export/metric-reader';
import { DEFAULT_CARDINALITY_LIMIT } from '../export/selectors';
import type { StreamConfig } from '../state/stream';
import type { StreamSpec } from './stream-specs';
import { defaultExemplarReservoir } from '../exemplar/default-reservoir';

/** A stream configured for one reader, with what decides whether readers may share its accumulator. */
export interface ReaderStream {
  readonly config: StreamConfig;
  /**
   * Readers whose stream has the same key may share one accumulator: only cumulative
   * streams, which collection reads without changing. Undefined: not shareable.
   */
  readonly shareKey?: string;
}

function validLimit(limit: unknown): limit is number {
  return typeof limit === 'number' && Number.isInteger(limit) && limit > 0;
}

/**
 * The stream of `spec` (the `specIndex`-th stream of the instrument) for `reader`, or
 * undefined when the reader's aggregation drops it. Throws when the aggregation's options
 * are invalid (see createAggregator).
 */
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
  // Same spec, same aggregation choice, same limit: the same accumulator serves both readers.
  const shareKey =
    temporality === AggregationTemporality.CUMULATIVE
      ? JSON.stringify([specIndex, option, cardinalityLimit])
      : undefined;
  return { config, shareKey };
}
