// A bounded sample of latencies (reservoir sampling, algorithm R): exact quantiles for short
// runs, a uniform sample of at most `capacity` values for runs left going until Ctrl-C, so
// memory stays bounded however long the demo runs.
export class LatencySample {
  private readonly values: number[] = [];
  private seen = 0;

  constructor(private readonly capacity = 200_000) {}

  add(value: number): void {
    this.seen += 1;
    if (this.values.length < this.capacity) {
      this.values.push(value);
      return;
    }
    const slot = Math.floor(Math.random() * this.seen);
    if (slot < this.capacity) this.values[slot] = value;
  }

  get count(): number {
    return this.seen;
  }

  /** Nearest-rank quantile of the sample; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.values.length === 0) return undefined;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank];
  }
}
