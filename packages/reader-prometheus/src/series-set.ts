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
// when they outnumber the live ones. A series' labels point to their claim, so that the
// common claim (the same series, again) is found without the Map.
import { keepShape } from './keep-shape';
import { canonicalKey, type RenderedLabels } from './rendered-labels';

/**
 * A series' kept labels (series-labels.ts), which also remember the claim they last held
 * alone under their hash: the next scrape's claim of the same series then skips the Map
 * lookup (two random memory reads per point, measured ~0.3 ms of a 10k-counter scrape after a
 * GC). Only a hint: `add` checks it, and falls back to the Map when it does not hold.
 */
export interface ClaimableLabels extends RenderedLabels {
  claim: Claim | undefined;
}

/**
 * Its shape is kept for the module's life (keep-shape.ts says why). Invariant: `owner` is
 * the id of a set exactly while the claim is that set's only claim under its hash (first in
 * its Map entry, `next` undefined); 0 when it is chained or no longer in the Map. A number,
 * not the set: a hint left on a series must not keep a forgotten set's Map alive.
 */
export class Claim {
  constructor(
    public labels: ClaimableLabels,
    /** The scrape that last claimed these labels. */
    public scrape: number,
    /** Other label sets with the same hash (rare). */
    public next: Claim | undefined,
    public owner: number,
  ) {}
}

keepShape(new Claim({ body: '', hash: 0, claim: undefined }, 0, undefined, 0));

let nextSetId = 1;

/** Entries of gone series are kept up to this many beyond twice the live ones. */
const SLACK = 64;

export class SeriesSet {
  /** What `Claim.owner` holds for this set's lone claims. */
  private readonly _id = nextSetId++;
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
  add(labels: ClaimableLabels): boolean {
    const scrape = this._scrape;
    // The common case: the same series (its labels are kept with it) as in the previous
    // scrape, alone under its hash and not taken over since. Exactly what the Map path below
    // does for it, without the lookup (the owner invariant says the Map holds this claim).
    const hinted = labels.claim;
    if (hinted !== undefined && hinted.owner === this._id && hinted.labels === labels && hinted.scrape !== scrape) {
      hinted.scrape = scrape;
      this._claimed++;
      return true;
    }
    const first = this._byHash.get(labels.hash);
    if (first === undefined) {
      const claim = new Claim(labels, scrape, undefined, this._id);
      this._byHash.set(labels.hash, claim);
      labels.claim = claim;
      this._claimed++;
      return true;
    }
    // Alone under its hash, unclaimed in this scrape: a series of an earlier scrape, or
    // another series with the same labels whose claim this one takes over.
    if (first.next === undefined && first.scrape !== scrape) {
      first.labels = labels;
      first.scrape = scrape;
      labels.claim = first;
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
      // In a chain (a lone claim would have been taken above): no owner, no hint.
      reusable.labels = labels;
      reusable.scrape = scrape;
    } else {
      first.owner = 0;
      first.next = new Claim(labels, scrape, first.next, 0);
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
        claim.owner = 0; // no longer in the Map: hints to it fall back to the Map
        if (claim.scrape === this._scrape) chain = new Claim(claim.labels, claim.scrape, chain, 0);
      }
      if (chain === undefined) continue;
      if (chain.next === undefined) {
        chain.owner = this._id;
        chain.labels.claim = chain;
      }
      kept.set(hash, chain);
    }
    this._byHash = kept;
  }
}
