// Model-based tests of series identity: seeded random operations through the real
// MeterProvider and through a naive reference model (test/support/model/reference.ts),
// compared after every collection, once with the production hash and once with a hash
// forced to collide (every set in a handful of slots), so that equality decides, never
// the hash; and the synchronous runs once more with the identity cache remembering every
// object and consulted first (state/identity-cache.ts), so that its answers are checked
// on every path, mutated objects included; and once without the compiled stored-set
// comparators (state/stored-set-comparator.ts), as where code generation is disallowed;
// and with the memo of long strings' hashes tiny (state/string-hash.ts), so that it fills,
// misses, stands aside and comes back every few calls.
// METERKIT_FUZZ_OPS raises the operation count (`pnpm --filter
// @meterkit/sdk-metrics-core fuzz` runs millions); a failure names its seed and step.
import { collidingHashesForTesting } from '../src/state/attribute-hash';
import { identityCacheSeam } from '../src/state/identity-cache';
import { COMPILE_AFTER, storedSetComparatorSeam } from '../src/state/stored-set-comparator';
import { stringHashMemoForTesting } from '../src/state/string-hash';
import { driveSync } from './support/model/sync-driver';
import { driveAsync } from './support/model/async-driver';

const LONG_OPS = Number(process.env.METERKIT_FUZZ_OPS ?? 0);
const SEEDS = LONG_OPS > 0 ? Array.from({ length: 8 }, (_, i) => 1000 + i) : [1, 2, 3];
const OPS_PER_SEED = LONG_OPS > 0 ? Math.ceil(LONG_OPS / 8) : 3000;
const TIMEOUT = LONG_OPS > 0 ? 24 * 3600_000 : 60_000;

// Comparators: 'at once' compiles each shape's comparator at its first candidate comparison
// (production waits for COMPILE_AFTER), 'off' never compiles one.
/** Parameters that make the memo of long strings' hashes change state every few calls. */
const TINY_MEMO = { capacity: 2, epoch: 4, maxBypass: 16 };

describe.each([
  ['production hash', 32, false, 'default', false],
  ['hash forced to collide (2 bits), comparators at once', 2, false, 'at once', false],
  ['production hash, identity cache always used', 32, true, 'default', false],
  ['hash forced to collide (2 bits), identity cache always used, comparators at once', 2, true, 'at once', false],
  ['hash forced to collide (2 bits), no compiled comparator', 2, false, 'off', false],
  ['production hash, memo of long strings tiny', 32, false, 'default', true],
])('synchronous streams against the reference model, %s', (_name, bits, identityAlways, comparators, tinyMemo) => {
  let restore: () => void = () => {};
  let restoreMemo: () => void = () => {};
  beforeAll(() => {
    restore = collidingHashesForTesting(bits);
    if (tinyMemo) restoreMemo = stringHashMemoForTesting(TINY_MEMO);
    identityCacheSeam.always = identityAlways;
    storedSetComparatorSeam.off = comparators === 'off';
    storedSetComparatorSeam.compileAfter = comparators === 'at once' ? 1 : COMPILE_AFTER;
  });
  afterAll(() => {
    restore();
    restoreMemo();
    identityCacheSeam.always = false;
    storedSetComparatorSeam.off = false;
    storedSetComparatorSeam.compileAfter = COMPILE_AFTER;
  });

  it.each(SEEDS)('seed %i', async (seed) => {
    expect(await driveSync({ seed, operations: OPS_PER_SEED })).toBeUndefined();
  }, TIMEOUT);
});

describe.each([
  ['production hash', 32, false],
  ['hash forced to collide (2 bits), comparators at once', 2, false],
  ['production hash, memo of long strings tiny', 32, true],
])('asynchronous streams against the reference model, %s', (_name, bits, tinyMemo) => {
  let restore: () => void = () => {};
  let restoreMemo: () => void = () => {};
  beforeAll(() => {
    restore = collidingHashesForTesting(bits);
    if (tinyMemo) restoreMemo = stringHashMemoForTesting(TINY_MEMO);
    if (bits < 32) storedSetComparatorSeam.compileAfter = 1;
  });
  afterAll(() => {
    restore();
    restoreMemo();
    storedSetComparatorSeam.compileAfter = COMPILE_AFTER;
  });

  it.each(SEEDS)('seed %i', async (seed) => {
    expect(await driveAsync({ seed, collections: Math.ceil(OPS_PER_SEED / 20) })).toBeUndefined();
  }, TIMEOUT);
});
