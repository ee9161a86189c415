// The worker side: a MetricReader that collects only when its primary asks, and answers with
// the cumulative state of this process. Cumulative always, whatever the primary's readers
// want: a lost or late message then costs nothing (the next answer carries the totals), and
// the primary derives deltas itself (see primary-producer.ts).
import { diag } from '@opentelemetry/api';
import type { MessagePort } from 'node:worker_threads';
import {
  CUMULATIVE_TEMPORALITY_SELECTOR,
  MetricReader,
  rejectUnknownOptions,
  type CardinalitySelector,
} from '@meterkit/sdk-metrics-core';
import { COLLECT_REPLY, isCollectRequest, versionMismatch, type CollectReply } from './messages';
import { defaultChannel, portChannel, type WorkerChannel } from './worker-channel';
import { WIRE_VERSION, encodeState } from './wire-format';

/** Options of {@link WorkerMetricReader}. */
export interface WorkerMetricReaderOptions {
  /**
   * The port to the primary; default: parentPort in a worker thread, else the cluster IPC channel.
   * The reader listens on it until the provider shuts down (a listened-to port keeps a thread alive).
   */
  port?: MessagePort;
  /** Per-stream cardinality limit in this worker (the primary applies its own to the merged streams). */
  cardinalitySelector?: CardinalitySelector;
}

const OPTION_NAMES = ['port', 'cardinalitySelector'];

/** The reader a worker (cluster worker or worker thread) adds to its MeterProvider: answers the primary's collect requests with its cumulative state over the IPC channel or MessagePort, and sends its final state on shutdown. */
export class WorkerMetricReader extends MetricReader {
  private readonly channel: WorkerChannel;
  private readonly unsubscribe: () => void;

  constructor(options: WorkerMetricReaderOptions = {}) {
    super({ aggregationTemporalitySelector: CUMULATIVE_TEMPORALITY_SELECTOR, cardinalitySelector: options.cardinalitySelector });
    rejectUnknownOptions(options, OPTION_NAMES, 'WorkerMetricReader');
    this.channel = options.port ? portChannel(options.port) : defaultChannel();
    this.unsubscribe = this.channel.onMessage((message) => {
      if (isCollectRequest(message)) void this.answer(message.id, message.v);
    });
  }

  private async answer(id: number, version: number): Promise<void> {
    if (version !== WIRE_VERSION) {
      const error = versionMismatch('worker', version, 'primary');
      diag.error(error);
      this.reply({ t: COLLECT_REPLY, v: WIRE_VERSION, id, error });
      return;
    }
    await this.sendState(id);
  }

  private async sendState(id: number): Promise<void> {
    try {
      const { resourceMetrics, errors } = await this.collect();
      for (const error of errors) diag.warn('WorkerMetricReader: collection error', error);
      this.reply({ t: COLLECT_REPLY, v: WIRE_VERSION, id, state: encodeState(resourceMetrics.scopeMetrics, this.channel.binary) });
    } catch (error) {
      this.reply({ t: COLLECT_REPLY, v: WIRE_VERSION, id, error: String(error) });
    }
  }

  private reply(message: CollectReply): void {
    try {
      this.channel.send(message);
    } catch (error) {
      diag.debug('WorkerMetricReader: could not reply to the primary', error);
    }
  }

  /** Says hello with the (empty) state: from then on the primary waits for this worker's answers. */
  protected override onInitialized(): void {
    void this.sendState(-1);
  }

  protected async onForceFlush(): Promise<void> {}

  /** Sends the final state unasked, so a graceful exit loses nothing recorded before shutdown. */
  protected async onShutdown(): Promise<void> {
    await this.sendState(-1);
    this.unsubscribe();
  }
}
