// jest's globalTeardown: a run that has written its results must end. Nothing in the tests or
// the code they run may leave a handle open (they close what they open, and the packages'
// own handles are closed by shutdown() or do not hold the process: see jest.config.js), so
// a clean run exits by itself and this timer, unref'd, never fires. If a handle does leak,
// jest would otherwise stay alive without a word until CI's own limit; this names what is
// still open and fails the run instead (unlike forceExit, which exits as if nothing happened).
// In-band runs (one worker, as on a 2-core machine) are where it matters: a leak in a
// worker process is ended by jest itself, with its "failed to exit gracefully" warning.
const GRACE_MILLIS = 10_000;

module.exports = async function exitWatchdog(globalConfig) {
  if (globalConfig.watch || globalConfig.watchAll) return;
  setTimeout(() => {
    console.error(
      `jest: still running ${GRACE_MILLIS / 1000} s after the test run ended; open: ` +
        `${process.getActiveResourcesInfo().join(', ')}. A test, or the code it ran, left a handle ` +
        'open: find it with `npx jest <package dir> --detectOpenHandles`, or by printing ' +
        'process.getActiveResourcesInfo() in an afterAll (detectOpenHandles does not see every handle).',
    );
    process.exit(1);
  }, GRACE_MILLIS).unref();
};
