// A metric stream: what one instrument produces through one view (or the default), as
// configured for one reader.
import type { MetricDescriptor } from '../data/metric-data';
import { AggregationTemporality, DataPointType, type DataPoint, type MetricData } from '../data/metric-data';
import type { Aggregator, PointValue } from '../aggregators/aggregator';
import { SumAggregator } from '../aggregators/sum';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { AttributesProcessor } from '../view/attributes-processor';

export interface StreamConfig {
  readonly instrument: InstrumentDescriptor;
  /** Name, description, unit and value type as exported (after the view). */
  readonly descriptor: MetricDescriptor;
  readonly aggregator: Aggregator;
  readonly temporality: AggregationTemporality;
  readonly cardinalityLimit: number;
  readonly attributesProcessor?: AttributesProcessor;
}

/** Assembles the exported MetricData of a stream from its data points. */
export function toMetricData(
  stream: StreamConfig,
  dataPoints: DataPoint<PointValue>[],
): MetricData | undefined {
  if (dataPoints.length === 0) return undefined;
  const { descriptor, aggregator, temporality } = stream;
  switch (aggregator.dataPointType) {
    case DataPointType.SUM:
      return {
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM,
        dataPoints: dataPoints as DataPoint<number>[],
        isMonotonic: (aggregator as SumAggregator).monotonic,
      };
    case DataPointType.GAUGE:
      return {
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.GAUGE,
        dataPoints: dataPoints as DataPoint<number>[],
      };
    case DataPointType.HISTOGRAM:
      return {
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: dataPoints as MetricData['dataPoints'] as DataPoint<never>[],
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
        dataPoints: dataPoints as DataPoint<never>[],
      };
  }
}
