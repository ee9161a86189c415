// The pipeline module on its own: which accumulators an instrument gets per reader and view,
// which readers share one, and the stream-name warnings. Real readers, real accumulators.
import { ValueType } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationType, InstrumentType, type View } from '../src';
import type { InstrumentDescriptor } from '../src/data/instrument-descriptor';
import { MeterPipeline, type DropReports } from '../src/pipeline/meter-pipeline';
import type { ProviderSharedState } from '../src/state/provider-shared-state';
import { CUMULATIVE, DELTA, TestReader, captureDiag } from './helpers';

const SCOPE = { name: 'pipeline-test' };

function instrument(name: string, type = InstrumentType.COUNTER): InstrumentDescriptor {
  return { name, type, description: '', unit: '', valueType: ValueType.DOUBLE, advice: {} };
}

function pipeline(readers: TestReader[], views: View[] = []): MeterPipeline {
  const shared: ProviderSharedState = { resource: emptyResource(), views, readers, exemplarFilter: 'trace_based', isShutdown: false };
  return new MeterPipeline(shared, SCOPE);
}

const reports = (): DropReports & { invalid: string[] } => {
  const invalid: string[] = [];
  return { invalid, invalidAttributes: (m) => invalid.push(m), failed: () => {} };
};

function viewFor(name: string, extra: Partial<View>): View {
  return { matches: (i) => i.name === name, ...extra };
}

describe('MeterPipeline: synchronous instruments', () => {
  it('two cumulative readers with the same configuration share one accumulator', () => {
    const { writers, byReader } = pipeline([new TestReader({ temporality: CUMULATIVE }), new TestReader({ temporality: CUMULATIVE })]).syncAccumulators(instrument('c'), reports());
    expect(writers).toHaveLength(1);
    expect(byReader).toHaveLength(2);
    expect(byReader[0][0]).toBe(writers[0]);
    expect(byReader[1][0]).toBe(writers[0]);
  });

  it('a delta reader gets its own accumulator, as does a cumulative reader with another cardinality limit', () => {
    const readers = [
      new TestReader({ temporality: CUMULATIVE }),
      new TestReader({ temporality: DELTA }),
      new TestReader({ temporality: DELTA }),
      new TestReader({ temporality: CUMULATIVE, cardinalitySelector: () => 7 }),
    ];
    const { writers, byReader } = pipeline(readers).syncAccumulators(instrument('c'), reports());
    expect(writers).toHaveLength(4);
    expect(new Set(byReader.map((accumulators) => accumulators[0])).size).toBe(4);
    expect(byReader[3][0].stream.cardinalityLimit).toBe(7);
  });

  it('one stream per selecting view, in view order; a reader whose aggregation drops the stream gets none', () => {
    const views = [viewFor('c', { name: 'first' }), viewFor('other', { name: 'unused' }), viewFor('c', { name: 'second' })];
    const dropping = new TestReader({ aggregationSelector: () => ({ type: AggregationType.DROP }) });
    const { writers, byReader } = pipeline([new TestReader(), dropping], views).syncAccumulators(instrument('c'), reports());
    expect(byReader[0].map((a) => a.stream.descriptor.name)).toEqual(['first', 'second']);
    expect(byReader[1]).toEqual([]);
    expect(writers).toHaveLength(2);
  });

  it('a view that throws while matching is reported and the instrument keeps its default stream', () => {
    const diag = captureDiag();
    try {
      const throwing: View = { matches: () => { throw new Error('view bug'); } };
      const { byReader } = pipeline([new TestReader()], [throwing]).syncAccumulators(instrument('c'), reports());
      expect(byReader[0].map((a) => a.stream.descriptor.name)).toEqual(['c']);
      expect(diag.errors().join('\n')).toMatch(/view threw while matching instrument "c"/);
    } finally {
      diag.restore();
    }
  });

  it('invalid attributes are reported to the instrument', () => {
    const r = reports();
    const { writers } = pipeline([new TestReader()]).syncAccumulators(instrument('c'), r);
    writers[0].record(1, { ok: 1, bad: { nested: true } as never });
    expect(r.invalid.join('\n')).toMatch(/bad/);
  });
});

describe('MeterPipeline: asynchronous instruments', () => {
  it('every reader gets its own accumulator, even with the same configuration', () => {
    const byReader = pipeline([new TestReader({ temporality: CUMULATIVE }), new TestReader({ temporality: CUMULATIVE })]).asyncAccumulators(
      instrument('o', InstrumentType.OBSERVABLE_COUNTER),
      reports(),
    );
    expect(byReader.map((a) => a.length)).toEqual([1, 1]);
    expect(byReader[0][0]).not.toBe(byReader[1][0]);
  });
});

describe('MeterPipeline: stream names', () => {
  it('warns when two views give one instrument the same stream name, and when two instruments export one name', () => {
    const diag = captureDiag();
    try {
      const views = [viewFor('a', { name: 'same' }), viewFor('a', { name: 'SAME' }), viewFor('b', { name: 'same' })];
      const p = pipeline([new TestReader()], views);
      p.syncAccumulators(instrument('a'), reports());
      expect(diag.warnings().join('\n')).toMatch(/two views give instrument "a" the same stream name "SAME"/);
      p.syncAccumulators(instrument('b'), reports());
      expect(diag.warnings().join('\n')).toMatch(/the stream "same" of instrument "b" has the same name as a stream of instrument "a"/);
    } finally {
      diag.restore();
    }
  });

  it('streams no reader exports cannot clash', () => {
    const diag = captureDiag();
    try {
      const views = [viewFor('b', { name: 'a', aggregation: { type: AggregationType.DROP } })];
      const p = pipeline([new TestReader()], views);
      p.syncAccumulators(instrument('a'), reports());
      p.syncAccumulators(instrument('b'), reports());
      expect(diag.warnings()).toEqual([]);
    } finally {
      diag.restore();
    }
  });
});
