// The pipeline of one meter: instrument → streams per reader and view → accumulators.
// The Meter registers an instrument and asks here for what it writes to (synchronous) or
// what its observations feed (asynchronous); the collector later reads the same
// accumulators per reader index. In order:
//   stream-specs.ts    the views that select the instrument (or its default stream)
//   reader-streams.ts  each stream as each reader configures it (aggregation, temporality, limit)
//   stream-names.ts    warnings when two exported streams share a name
//   this file          one accumulator per stream and reader, shared where that is safe
import type { HrTime } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { clockNow } from '../util/clock';
import type { InstrumentDescriptor } from '../data/instrument-descriptor';
import type { ProviderSharedState } from '../state/provider-shared-state';
import { SyncAccumulator } from '../state/sync-accumulator';
import { AsyncAccumulator } from '../state/async-accumulator';
import { streamSpecsFor } from './stream-specs';
import { configureForReader, type ReaderStream } from './reader-streams';
import { StreamNames } from './stream-names';

/** Where the pipeline reports what it drops while recording (the instrument's MeasurementCheck). */
export interface DropReports {
  /** Attributes dropped from a set because their values are invalid. */
  invalidAttributes(message: string): void;
  /** A measurement or observation dropped because its attributes could not be processed. */
  failed(error: unknown): void;
}

/** What a synchronous instrument writes to. */
export interface SyncWiring {
  /** Every distinct accumulator, each written once per measurement. */
  readonly writers: SyncAccumulator[];
  /** The accumulators each reader collects, by reader index (a shared one appears under several readers). */
  readonly byReader: SyncAccumulator[][];
}

export class MeterPipeline {
  private readonly streamNames: StreamNames;

  constructor(
    private readonly shared: ProviderSharedState,
    private readonly scope: InstrumentationScope,
  ) {
    this.streamNames = new StreamNames(scope.name);
  }

  /**
   * The accumulators of a new synchronous instrument. Cumulative readers with the same
   * stream configuration share one accumulator, which their collections only read; every
   * other stream gets its own (a delta collection resets what it reads).
   */
  syncAccumulators(instrument: InstrumentDescriptor, reports: DropReports): SyncWiring {
    const streams = this.streamsPerReader(instrument);
    const createdAt = clockNow();
    const byKey = new Map<string, SyncAccumulator>();
    const writers: SyncAccumulator[] = [];
    const byReader = streams.map((perSpec) => {
      const accumulators: SyncAccumulator[] = [];
      for (const stream of perSpec) {
        if (stream === undefined) continue;
        let accumulator = stream.shareKey !== undefined ? byKey.get(stream.shareKey) : undefined;
        if (accumulator === undefined) {
          accumulator = new SyncAccumulator(stream.config, createdAt, reports);
          writers.push(accumulator);
          if (stream.shareKey !== undefined) byKey.set(stream.shareKey, accumulator);
        }
        accumulators.push(accumulator);
      }
      return accumulators.slice();
    });
    // Kept for the instrument's life, so copied at exactly their length (push and flatMap
    // leave room for more: about 130 bytes per array).
    return { writers: writers.slice(), byReader };
  }

  /**
   * The accumulators of a new asynchronous instrument, by reader index. Never shared: each
   * remembers what its reader's previous collection observed (start times, deltas).
   */
  asyncAccumulators(instrument: InstrumentDescriptor, reports: DropReports): AsyncAccumulator[][] {
    const streams = this.streamsPerReader(instrument);
    const createdAt: HrTime = clockNow();
    // filter() then map(): arrays of exactly their length (flatMap leaves room for more, ~100
    // bytes per instrument that every observable instrument would keep).
    return streams.map((perSpec) => {
      const configs = perSpec.filter((stream) => stream !== undefined).map((stream) => stream!.config);
      // The streams without a processor link their series from the reader's buffer entries:
      // each gets a slot of its own, or the whole link when it is the only one (-1).
      const direct = configs.filter((config) => config.attributesProcessor === undefined).length;
      let slot = 0;
      return configs.map((config) => new AsyncAccumulator(config, createdAt, reports, config.attributesProcessor !== undefined || direct === 1 ? -1 : slot++));
    });
  }

  /** streams[reader][spec]: undefined where that reader's aggregation drops the stream. */
  private streamsPerReader(instrument: InstrumentDescriptor): (ReaderStream | undefined)[][] {
    const specs = streamSpecsFor(instrument, this.scope, this.shared.views);
    const streams = this.shared.readers.map((reader) =>
      specs.map((spec, index) => configureForReader(spec, index, instrument, reader)),
    );
    // Only streams some reader exports can clash.
    const exported = specs.filter((_, i) => streams.some((perSpec) => perSpec[i] !== undefined)).map((spec) => spec.name);
    this.streamNames.claim(instrument, exported);
    return streams;
  }
}
