import type { Resource } from '@opentelemetry/resources';
import type { IMetricReader } from '../export/metric-reader';
import type { View } from '../view/view';

/** What every Meter of a provider sees: resource, views, readers (by index) and the shutdown flag. */
export interface ProviderSharedState {
  readonly resource: Resource;
  readonly views: readonly View[];
  readonly readers: readonly IMetricReader[];
  readonly isShutdown: boolean;
}
