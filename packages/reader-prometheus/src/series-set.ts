// The series a family has written in one scrape, so that a repeated series is dropped:
// Prometheus rejects a scrape in which one series appears twice. Keying a Set by each point's
// label text cost about a third of a scrape (building, flattening and hashing one long string
// per point); the label sets' order-independent numeric hashes do the same job, with an exact
// comparison only when two hashes meet.
// One SeriesSet lives per family name across scrapes (FamilyBuilder keeps them): filling a
// fresh 10,000-entry Map on every scrape was most of a scrape's cost (measured ~3-5 ms of a
// 10k-counter scrape, against ~0.05 ms for looking the same keys up in a Map that exists).
// Each entry remembers the scrape that last claimed it, so a series seen in the previous
// scrape costs one Map lookup and a field write; entries of series that are gone are dropped
// when they outnumber the live ones.
import { canonicalKey, type RenderedLabels } from './rendered-labels';

interface Claim {
  labels: RenderedLabels;
  /** The scrape that last claimed these labels. */
  scrape: number;
  /** Other label sets with the same hash (rare). */
  next: Claim | undefined;
}

/** Entries of gone series are kept up to this many beyond twice the live ones. */
const SLACK = 64;

export class SeriesSet {
  /** Claims by label-set hash; a chain only when different sets share a hash. */
  private _byHash = new Map<number, Claim>();
  private _scrape = -1;
  /** Label sets claimed in the current scrape. */
  private _claimed = 0;

  /**
   * Starts scrape `scrape` (a number that grows from one scrape to the next): every set is
   * unclaimed again. Invariant after it: the Map holds at most 2 × (sets claimed in the
   * previous scrape) + SLACK hashes.
   */
  begin(scrape: number): void {
    if (scrape === this._scrape) return;
    if (this._byHash.size > 2 * this._claimed + SLACK) this.dropUnclaimed();
    this._scrape = scrape;
    this._claimed = 0;
  }

  /** Claims the label set in the current scrape; returns false, claiming nothing, when an equal set is already claimed. */
  add(labels: RenderedLabels): boolean {
    const scrape = this._scrape;
    const first = this._byHash.get(labels.hash);
    if (first === undefined) {
      this._byHash.set(labels.hash, { labels, scrape, next: undefined });
      this._claimed++;
      return true;
    }
    // The common case: the same series (its rendered labels are cached with it) as in the
    // previous scrape, alone under its hash.
    if (first.next === undefined && first.scrape !== scrape) {
      first.labels = labels;
      first.scrape = scrape;
      this._claimed++;
      return true;
    }
    let reusable: Claim | undefined;
    let key: string | undefined;
    for (let claim: Claim | undefined = first; claim !== undefined; claim = claim.next) {
      if (claim.scrape === scrape) {
        if (claim.labels === labels) return false;
        key ??= canonicalKey(labels);
        if (canonicalKey(claim.labels) === key) return false;
      } else if (reusable === undefined || claim.labels === labels) {
        reusable = claim;
      }
    }
    if (reusable !== undefined) {
      reusable.labels = labels;
      reusable.scrape = scrape;
    } else {
      first.next = { labels, scrape, next: first.next };
    }
    this._claimed++;
    return true;
  }

  /** Keeps only the sets claimed in the current scrape. */
  private dropUnclaimed(): void {
    const kept = new Map<number, Claim>();
    for (const [hash, first] of this._byHash) {
      let chain: Claim | undefined;
      for (let claim: Claim | undefined = first; claim !== undefined; claim = claim.next) {
        if (claim.scrape === this._scrape) chain = { labels: claim.labels, scrape: claim.scrape, next: chain };
      }
      if (chain !== undefined) kept.set(hash, chain);
    }
    this._byHash = kept;
  }
}
