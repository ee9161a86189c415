import type { Resource } from '@opentelemetry/resources';
import type { IMetricReader } from '../export/metric-reader';
import type { View } from '../view/view';
import type { ExemplarFilter } from '../exemplar/exemplar-filter';

/** What every Meter of a provider sees: resource, views, readers (by index), exemplar filter and the shutdown flag. */
export interface ProviderSharedState {
  readonly resource: Resource;
  readonly views: readonly View[];
  readonly readers: readonly IMetricReader[];
  readonly exemplarFilter: ExemplarFilter;
  readonly isShutdown: boolean;
}
