import { MeterProvider, type CounterInstrument, type HistogramInstrument } from '../src';
import { CUMULATIVE, DELTA, TestReader, pointsOf } from './helpers';

function setup(temporality = CUMULATIVE) {
  const reader = new TestReader({ temporality, cardinalitySelector: () => 2 });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('bind') };
}

describe('bound instruments', () => {
  it('record to their attribute set and share it with unbound calls', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c') as CounterInstrument;
    const bound = counter.bind({ route: '/a' });
    bound.add(2);
    counter.add(3, { route: '/a' });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ route: '/a' }, 5]]);
  });

  it('stay valid across delta collections, even idle ones', async () => {
    const { reader, meter } = setup(DELTA);
    const h = meter.createHistogram('h') as HistogramInstrument;
    const bound = h.bind({ k: 'v' });
    bound.record(1);
    expect((await reader.metric('h'))!.dataPoints).toHaveLength(1);
    expect(await reader.metric('h')).toBeUndefined(); // idle interval: nothing exported
    bound.record(4);
    const m = await reader.metric('h');
    expect(m!.dataPoints).toHaveLength(1);
    expect(m!.dataPoints[0].value).toMatchObject({ count: 1, sum: 4 });
  });

  it('validate values like the instrument does', async () => {
    const { reader, meter } = setup();
    const bound = (meter.createCounter('c') as CounterInstrument).bind();
    bound.add(-1);
    bound.add(NaN);
    bound.add(2);
    expect(pointsOf(await reader.metric('c'))).toEqual([[{}, 2]]);
  });

  it('a bound series past the cardinality limit records into the overflow series', async () => {
    const { reader, meter } = setup();
    const counter = meter.createCounter('c') as CounterInstrument;
    counter.add(1, { id: 1 });
    counter.add(1, { id: 2 });
    counter.bind({ id: 3 }).add(7);
    expect(pointsOf(await reader.metric('c'))).toContainEqual([{ 'otel.metric.overflow': true }, 7]);
  });

  it('after unbind a delta series is forgotten once idle', async () => {
    const { reader, meter } = setup(DELTA);
    const counter = meter.createCounter('c') as CounterInstrument;
    const bound = counter.bind({ id: 'x' });
    bound.add(1);
    bound.unbind();
    await reader.metric('c');
    // the limit is 2: with 'x' forgotten two new sets fit without overflow
    counter.add(1, { id: 'y' });
    counter.add(1, { id: 'z' });
    expect(pointsOf(await reader.metric('c'))).toEqual([[{ id: 'y' }, 1], [{ id: 'z' }, 1]]);
  });

  it('never throw after provider shutdown, when the reader can no longer collect', async () => {
    const { reader, provider, meter } = setup();
    const bound = (meter.createCounter('c') as CounterInstrument).bind();
    bound.add(1);
    await provider.shutdown();
    expect(() => bound.add(1)).not.toThrow();
    await expect(reader.collect()).rejects.toThrow(/shut down/);
  });
});
