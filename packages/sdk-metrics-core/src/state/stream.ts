// A metric stream: what one instrument produces through one view (or the default), as
// configured for one reader.
import type { AggregationTemporality, DataPoint, MetricData, MetricDescriptor } from '../data/metric-data';
import { plainMetricData, type Aggregator, type PointValue } from '../aggregators/aggregator';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { AttributesProcessor } from '../view/attributes-processor';
import type { ExemplarReservoirFactory } from '../exemplar/exemplar-reservoir';

export interface StreamConfig {
  readonly instrument: InstrumentDescriptor;
  /** Name, description, unit and value type as exported (after the view). */
  readonly descriptor: MetricDescriptor;
  readonly aggregator: Aggregator;
  readonly temporality: AggregationTemporality;
  readonly cardinalityLimit: number;
  readonly attributesProcessor?: AttributesProcessor;
  /** Makes the exemplar reservoir of each series (the view's choice, else the specification's default). */
  readonly exemplarReservoir: ExemplarReservoirFactory;
}

/** Assembles the exported MetricData of a stream from its data points. */
export function toMetricData(
  stream: StreamConfig,
  dataPoints: DataPoint<PointValue>[],
): MetricData | undefined {
  if (dataPoints.length === 0) return undefined;
  const { aggregator, descriptor, temporality } = stream;
  return aggregator.toMetricData?.(descriptor, temporality, dataPoints) ?? plainMetricData(aggregator.dataPointType, descriptor, temporality, dataPoints);
}
