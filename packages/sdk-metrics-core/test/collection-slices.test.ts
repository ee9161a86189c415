// Collecting in slices (state/collector.ts, state/pending-points.ts): the points of a large
// collection are built a chunk at a time, with turns of the event loop between slices, and
// the collection is still one instant: what is recorded during those turns is not in it, and
// nothing is lost or counted twice. The clock is stubbed to advance a slice's length (5 ms)
// per reading, so a slice ends after every chunk whatever the machine's speed; the tests
// count turns, never time them (the longest block is measured in tools/bench,
// export.event-loop-block).
import { InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type MetricData } from '../src';
import { SLICE_MILLIS } from '../src/util/event-loop-slices';
import { POINT_ARRAY_LENGTH } from '../src/state/pending-points';
import { CUMULATIVE, DELTA, TestReader } from './helpers';

const SERIES = 1_500; // under the default cardinality limit (2000)

let clock: jest.SpyInstance<number, []>;
/** How far the stubbed clock moves per reading. */
let step = SLICE_MILLIS;
beforeEach(() => {
  let now = performance.now();
  step = SLICE_MILLIS;
  clock = jest.spyOn(performance, 'now').mockImplementation(() => (now += step));
});
afterEach(() => clock.mockRestore());

/** Counts turns of the event loop (a setImmediate chain) until `stop()`. */
function countTurns(onTurn: (turn: number) => void = () => {}): { stop: () => number } {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    turns++;
    onTurn(turns);
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

function valuesByRoute(metric: MetricData | undefined): Map<unknown, unknown> {
  return new Map((metric?.dataPoints ?? []).map((p) => [p.attributes.route, p.value]));
}

describe.each([
  ['cumulative', CUMULATIVE],
  ['delta', DELTA],
] as const)('%s', (_name, temporality) => {
  test('a large collection gives the event loop turns; what is recorded once it has moved goes to the next one', async () => {
    const reader = new TestReader({ temporality });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < SERIES; i++) counter.add(1, { route: `/r${i}` });

    // A slice per reading: the collection pauses once after making its arrays (before the
    // move: what is recorded then is in it), then moves every stream and pauses after each
    // chunk of points. On the second turn it is building points: record on every series and
    // create a new one.
    const turns = countTurns((turn) => {
      if (turn === 1) counter.add(5, { route: '/r0' });
      if (turn !== 2) return;
      for (let i = 0; i < SERIES; i++) counter.add(10, { route: `/r${i}` });
      counter.add(1, { route: '/late' });
    });
    const first = valuesByRoute(await reader.metric('c'));
    expect(turns.stop()).toBeGreaterThanOrEqual(3);

    expect(first.size).toBe(SERIES);
    expect(first.has('/late')).toBe(false);
    expect(first.get('/r0')).toBe(6);
    expect([...first.values()].filter((v) => v === 1)).toHaveLength(SERIES - 1);

    const second = valuesByRoute(await reader.metric('c'));
    expect(second.get('/late')).toBe(1);
    expect(second.get('/r0')).toBe(temporality === CUMULATIVE ? 16 : 10);
    expect(second.get(`/r${SERIES - 1}`)).toBe(temporality === CUMULATIVE ? 11 : 10);
    await provider.shutdown();
  });

  test('two collections of one reader that overlap (two scrapes at once) each read their own instant: nothing lost, nothing counted twice', async () => {
    const reader = new TestReader({ temporality });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < SERIES; i++) counter.add(1, { route: `/r${i}` });
    // The second collection starts while the first is building its points, after a recording
    // that the first has already moved past.
    let second: Promise<MetricData | undefined> | undefined;
    let firstEnded = false;
    let overlapped = false;
    const turns = countTurns((turn) => {
      if (turn !== 2) return;
      for (let i = 0; i < SERIES; i++) counter.add(10, { route: `/r${i}` });
      overlapped = !firstEnded;
      second = reader.metric('c');
    });
    const first = valuesByRoute(
      await reader.metric('c').finally(() => {
        firstEnded = true;
      }),
    );
    expect(overlapped).toBe(true);
    while (second === undefined) await new Promise((resolve) => setImmediate(resolve));
    const later = valuesByRoute(await second);
    turns.stop();
    expect(first.size).toBe(SERIES);
    expect([...first.values()].every((v) => v === 1)).toBe(true);
    expect(later.size).toBe(SERIES);
    expect([...later.values()].every((v) => v === (temporality === CUMULATIVE ? 11 : 10))).toBe(true);
    await provider.shutdown();
  });
});

describe.each([
  ['cumulative', CUMULATIVE],
  ['delta', DELTA],
] as const)('%s, more series than one array of PointArrays holds', (_name, temporality) => {
  const MANY = 2 * POINT_ARRAY_LENGTH + 5;
  const reader = () => new TestReader({ temporality, cardinalitySelector: () => 3 * POINT_ARRAY_LENGTH });

  test('a stream that grows past the arrays made for it loses no point, and the next collection makes room for all before its move', async () => {
    const r = reader();
    const provider = new MeterProvider({ readers: [r] });
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < 3; i++) counter.add(1, { route: `/r${i}` });
    expect(valuesByRoute(await r.metric('c')).size).toBe(3);

    // Room for 3 points was made; the move adds arrays for the rest.
    for (let i = 0; i < MANY; i++) counter.add(i + 1, { route: `/r${i}` });
    const grown = valuesByRoute(await r.metric('c'));
    expect(grown.size).toBe(MANY);
    for (let i = 0; i < MANY; i++) expect(grown.get(`/r${i}`)).toBe(i < 3 && temporality === CUMULATIVE ? i + 2 : i + 1);

    // Now room for MANY is made before the move, an array at a time with turns between
    // (every clock reading ends a slice here): what is recorded in those turns is in it.
    for (let i = 0; i < MANY; i++) counter.add(1, { route: `/r${i}` });
    const turns = countTurns((turn) => {
      if (turn === 1) counter.add(100, { route: `/r${MANY - 1}` });
    });
    const next = valuesByRoute(await r.metric('c'));
    turns.stop();
    expect(next.size).toBe(MANY);
    expect(next.get(`/r${MANY - 1}`)).toBe(temporality === CUMULATIVE ? MANY + 101 : 101);
    expect(next.get(`/r${POINT_ARRAY_LENGTH}`)).toBe(temporality === CUMULATIVE ? POINT_ARRAY_LENGTH + 2 : 1);
    await provider.shutdown();
  });

  test('a collection with fewer points than the previous one has only its own', async () => {
    const r = reader();
    const provider = new MeterProvider({ readers: [r] });
    const counter = provider.getMeter('m').createCounter('c');
    for (let i = 0; i < MANY; i++) counter.add(1, { route: `/r${i}` });
    expect(valuesByRoute(await r.metric('c')).size).toBe(MANY);
    counter.add(7, { route: '/r1' });
    const next = valuesByRoute(await r.metric('c'));
    if (temporality === DELTA) {
      expect([...next]).toEqual([['/r1', 7]]);
    } else {
      expect(next.size).toBe(MANY);
      expect(next.get('/r1')).toBe(8);
      expect(next.get(`/r${MANY - 1}`)).toBe(1);
    }
    await provider.shutdown();
  });
});

test('points keep their start and end times across slices', async () => {
  const reader = new TestReader({ temporality: CUMULATIVE });
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('m').createCounter('c');
  for (let i = 0; i < SERIES; i++) counter.add(1, { route: `/r${i}` });
  const turns = countTurns();
  const points = (await reader.metric('c'))!.dataPoints;
  expect(turns.stop()).toBeGreaterThanOrEqual(2);
  const end = points[0].endTime;
  // One collection, one end time; each series starts at its first measurement, before it.
  expect(points.every((p) => p.endTime === end)).toBe(true);
  const nanos = (t: [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
  expect(points.every((p) => nanos(p.startTime) <= nanos(end))).toBe(true);
  expect(new Set(points.map((p) => nanos(p.startTime))).size).toBe(SERIES);
  await provider.shutdown();
});

test('a collection that does not run a slice long settles without waiting for a turn', async () => {
  step = 0;
  const reader = new TestReader({ temporality: CUMULATIVE });
  const provider = new MeterProvider({ readers: [reader] });
  provider.getMeter('m').createCounter('c').add(1, { route: '/a' });
  let turned = false;
  setImmediate(() => (turned = true));
  expect((await reader.metric('c'))!.dataPoints).toHaveLength(1);
  expect(turned).toBe(false);
  await provider.shutdown();
});

test('the final export at shutdown carries a large sliced collection whole', async () => {
  const exporter = new InMemoryMetricExporter(DELTA);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const counter = provider.getMeter('m').createCounter('c');
  for (let i = 0; i < SERIES; i++) counter.add(2, { route: `/r${i}` });
  const turns = countTurns();
  await provider.shutdown();
  expect(turns.stop()).toBeGreaterThanOrEqual(2);
  const exported = exporter.getMetrics().flatMap((rm) => rm.scopeMetrics.flatMap((s) => s.metrics));
  expect(exported).toHaveLength(1);
  expect(exported[0].dataPoints).toHaveLength(SERIES);
  expect(exported[0].dataPoints.reduce((sum, p) => sum + (p.value as number), 0)).toBe(2 * SERIES);
});
