// SimpleFixedSizeExemplarReservoir (specification: metrics SDK, "Exemplar defaults"): uniform
// reservoir sampling over the measurements offered since the last collection, `size` kept.
import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import type { Exemplar } from '../data/exemplar';
import type { ExemplarReservoir, ExemplarReservoirFactory } from './exemplar-reservoir';
import { SampledMeasurement } from './sampled-measurement';

/** The specification's default size for sums, gauges and other non-histogram streams. */
export const DEFAULT_SIMPLE_RESERVOIR_SIZE = 1;

/**
 * Keeps up to `size` of the measurements offered since the last collection, each offered
 * measurement equally likely to be kept (the specification's simple reservoir sampling: the
 * n-th offer replaces a random slot with probability size/n). The count resets on collect.
 */
export class SimpleFixedSizeExemplarReservoir implements ExemplarReservoir {
  private readonly cells: SampledMeasurement[] = [];
  private seen = 0;

  /**
   * @param size Number of exemplars kept per collection, an integer >= 1.
   * @param pointAttributes The series' attributes, to compute each exemplar's filtered attributes when it is kept.
   */
  constructor(
    size: number,
    private readonly pointAttributes: Attributes,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`SimpleFixedSizeExemplarReservoir: size must be an integer >= 1, got ${String(size)}`);
    for (let i = 0; i < size; i++) this.cells.push(new SampledMeasurement());
  }

  offer(value: number, timestamp: HrTime, attributes: Attributes, ctx: Context): void {
    const n = this.seen++;
    const slot = n < this.cells.length ? n : Math.floor(Math.random() * (n + 1));
    if (slot < this.cells.length) this.cells[slot].store(value, timestamp, attributes, ctx, this.pointAttributes);
  }

  collect(_pointAttributes: Attributes): Exemplar[] {
    const exemplars: Exemplar[] = [];
    for (const cell of this.cells) if (cell.full) exemplars.push(cell.take());
    this.seen = 0;
    return exemplars;
  }
}

/** A factory for `SimpleFixedSizeExemplarReservoir`s of `size` exemplars (default 1), for a view's `exemplarReservoir`. */
export function simpleFixedSizeExemplarReservoir(size: number = DEFAULT_SIMPLE_RESERVOIR_SIZE): ExemplarReservoirFactory {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`simpleFixedSizeExemplarReservoir(): size must be an integer >= 1, got ${String(size)}`);
  return (context) => new SimpleFixedSizeExemplarReservoir(size, context.pointAttributes);
}
