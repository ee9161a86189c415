import { InstrumentType } from './metric-data';

/**
 * Instruments whose measurements only add up: Counter, ObservableCounter and Histogram.
 * Their values must not be negative, and sums of them are monotonic. The other kinds may
 * record negative values, so a histogram of them exports no sum.
 */
export function isMonotonicKind(type: InstrumentType): boolean {
  return type === InstrumentType.COUNTER || type === InstrumentType.OBSERVABLE_COUNTER || type === InstrumentType.HISTOGRAM;
}
