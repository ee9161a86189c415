// AlignedHistogramBucketExemplarReservoir (specification: metrics SDK, "Exemplar defaults"):
// at most one exemplar per histogram bucket, the last measurement seen in that bucket (the
// specification's allowed alternative to uniform sampling per bucket: no random numbers, and
// the newest measurement is the one a dashboard user is most likely to look for).
import type { Attributes, Context, HrTime } from '@opentelemetry/api';
import type { Exemplar } from '../data/exemplar';
import { checkBoundaries } from '../aggregators/bucket-boundaries';
import { bucketIndex } from '../aggregators/explicit-bucket-histogram';
import type { ExemplarReservoir, ExemplarReservoirFactory } from './exemplar-reservoir';
import { SampledMeasurement } from './sampled-measurement';

/**
 * One slot per bucket of an explicit bucket histogram — boundaries.length + 1 slots, bucket i
 * holding values in (boundaries[i-1], boundaries[i]] as the histogram counts them — each
 * keeping the last measurement offered in that bucket since the last collection.
 */
export class AlignedHistogramBucketExemplarReservoir implements ExemplarReservoir {
  private readonly boundaries: Float64Array;
  private readonly cells: SampledMeasurement[] = [];

  /**
   * @param boundaries Increasing, finite bucket boundaries (those of the stream's histogram).
   * @param pointAttributes The series' attributes, to compute each exemplar's filtered attributes when it is kept.
   */
  constructor(
    boundaries: readonly number[],
    private readonly pointAttributes: Attributes,
  ) {
    this.boundaries = Float64Array.from(boundaries);
    for (let i = 0; i <= boundaries.length; i++) this.cells.push(new SampledMeasurement());
  }

  offer(value: number, timestamp: HrTime, attributes: Attributes, ctx: Context): void {
    this.cells[bucketIndex(this.boundaries, value)].store(value, timestamp, attributes, ctx, this.pointAttributes);
  }

  /** The kept exemplars in bucket order. */
  collect(_pointAttributes: Attributes): Exemplar[] {
    const exemplars: Exemplar[] = [];
    for (const cell of this.cells) if (cell.full) exemplars.push(cell.take());
    return exemplars;
  }
}

/**
 * A factory for `AlignedHistogramBucketExemplarReservoir`s, for a view's
 * `exemplarReservoir`: aligned with `boundaries` when given, else with the stream's own
 * histogram boundaries (a stream that is not an explicit bucket histogram then gets a single
 * bucket: the last measurement).
 */
export function alignedHistogramBucketExemplarReservoir(boundaries?: readonly number[]): ExemplarReservoirFactory {
  if (boundaries !== undefined) {
    const problem = checkBoundaries(boundaries);
    if (problem !== undefined) throw new RangeError(`alignedHistogramBucketExemplarReservoir(): ${problem}`);
  }
  const fixed = boundaries?.slice();
  return (context) => new AlignedHistogramBucketExemplarReservoir(fixed ?? context.boundaries ?? [], context.pointAttributes);
}
