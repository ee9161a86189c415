// The series a family has written, so that a repeated series is dropped: Prometheus rejects
// a scrape in which one series appears twice. Keying a Set by each point's label text cost
// about a third of a scrape (building, flattening and hashing one long string per point);
// the label sets' order-independent numeric hashes do the same job, with an exact
// comparison only when two hashes meet.
import { canonicalKey, type RenderedLabels } from './rendered-labels';

export class SeriesSet {
  /** Label sets by hash; an array only when different sets share a hash. */
  private readonly _byHash = new Map<number, RenderedLabels | RenderedLabels[]>();

  /** Adds the label set; returns false, adding nothing, when an equal set is already in. */
  add(labels: RenderedLabels): boolean {
    const existing = this._byHash.get(labels.hash);
    if (existing === undefined) {
      this._byHash.set(labels.hash, labels);
      return true;
    }
    const candidates = Array.isArray(existing) ? existing : [existing];
    const key = canonicalKey(labels);
    for (const candidate of candidates) {
      if (canonicalKey(candidate) === key) return false;
    }
    this._byHash.set(labels.hash, [...candidates, labels]);
    return true;
  }
}
