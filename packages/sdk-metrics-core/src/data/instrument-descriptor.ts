import type { MetricAdvice } from '@opentelemetry/api';
import type { InstrumentType, MetricDescriptor } from './metric-data';

/** What an instrument was registered with: the identity that views select on. */
export interface InstrumentDescriptor extends MetricDescriptor {
  readonly type: InstrumentType;
  readonly advice: MetricAdvice;
}
