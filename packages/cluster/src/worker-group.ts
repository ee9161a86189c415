// The primary side: the group of workers, their states, and the producers the primary's
// readers collect from. See README "What happens when a worker exits" for the time rules.
import cluster from 'node:cluster';
import { diag } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DEFAULT_CARDINALITY_LIMIT,
  DEFAULT_EXPONENTIAL_MERGE_MAX_SIZE,
  rejectUnknownOptions,
  type CollectionResult,
  type MetricCollectOptions,
  type MetricProducer,
} from '@meterkit/sdk-metrics-core';
import { DeltaConversion } from './delta-conversion';
import { MergedStreams, type GaugePolicy, type WorkerState } from './merged-streams';
import { versionMismatch, type CollectReply } from './messages';
import { decodeState, WIRE_VERSION } from './wire-format';
import { WorkerLink, type WorkerLike } from './worker-link';

/** Options of {@link WorkerGroup}. */
export interface WorkerGroupOptions {
  /** How long a collection waits for each worker; a worker late past this counts with its last state. Default 1000. */
  timeoutMillis?: number;
  /** Series per merged stream, overflow beyond (as the core's cardinality limit). Default 2000. */
  cardinalityLimit?: number;
  /** Gauge merge policy per instrument name. */
  gauges?: Record<string, GaugePolicy>;
  /** Gauge merge policy of instruments not in `gauges`. Default 'last'. */
  defaultGaugePolicy?: GaugePolicy;
  /** Attribute naming the worker for the 'worker' gauge policy. Default 'worker'. */
  workerAttribute?: string;
  /** maxSize of merged exponential histograms. Default 160 (the aggregation's default). */
  exponentialMaxSize?: number;
}

/** Options of {@link WorkerGroup.createProducer}. */
export interface ProducerOptions {
  /** Temporality of the producer's output. Default CUMULATIVE. */
  temporality?: AggregationTemporality;
}

const OPTION_NAMES = ['timeoutMillis', 'cardinalityLimit', 'gauges', 'defaultGaugePolicy', 'workerAttribute', 'exponentialMaxSize'];
const POLICIES: readonly GaugePolicy[] = ['last', 'min', 'max', 'sum', 'worker'];

function checkPolicy(policy: unknown, where: string): GaugePolicy {
  if (!POLICIES.includes(policy as GaugePolicy)) {
    throw new TypeError(`WorkerGroup: ${where} must be one of ${POLICIES.join(', ')}; got ${JSON.stringify(policy)}`);
  }
  return policy as GaugePolicy;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`WorkerGroup: ${name} must be a positive number; got ${String(value)}`);
  }
  return value;
}

/** Held by the primary (or the thread that owns the workers): tracks the workers, asks each for its state on every collection, and merges the answers into metric data for the primary's readers, through the producers it creates. */
export class WorkerGroup {
  private readonly links = new Map<string, WorkerLink>();
  private readonly merged: MergedStreams;
  private readonly timeoutMillis: number;
  private nextId = 1;

  constructor(options: WorkerGroupOptions = {}) {
    rejectUnknownOptions(options, OPTION_NAMES, 'WorkerGroup');
    this.timeoutMillis = positive(options.timeoutMillis, 1000, 'timeoutMillis');
    const gauges = new Map<string, GaugePolicy>();
    for (const [name, policy] of Object.entries(options.gauges ?? {})) gauges.set(name, checkPolicy(policy, `gauges[${JSON.stringify(name)}]`));
    const fallback = checkPolicy(options.defaultGaugePolicy ?? 'last', 'defaultGaugePolicy');
    this.merged = new MergedStreams({
      cardinalityLimit: Math.max(2, positive(options.cardinalityLimit, DEFAULT_CARDINALITY_LIMIT, 'cardinalityLimit')),
      gaugePolicy: (name) => gauges.get(name) ?? fallback,
      workerAttribute: options.workerAttribute ?? 'worker',
      exponentialMaxSize: positive(options.exponentialMaxSize, DEFAULT_EXPONENTIAL_MERGE_MAX_SIZE, 'exponentialMaxSize'),
    });
  }

  /** Adds a cluster worker, a worker_threads Worker or a MessagePort; `name` defaults to its id. */
  addWorker(worker: WorkerLike, name?: string): void {
    const w = worker as { id?: number; threadId?: number };
    const id = name ?? String(w.id ?? w.threadId ?? `port-${this.links.size + 1}`);
    if (this.links.has(id)) throw new Error(`WorkerGroup: a worker named ${id} is already in the group`);
    this.links.set(id, new WorkerLink(id, worker, (link, reply) => this.onReply(link, reply), (link) => this.onGone(link)));
  }

  /** Adds every worker the cluster forks from now on (and those already forked). Returns a detach function. */
  attachCluster(clusterModule: typeof cluster = cluster): () => void {
    for (const worker of Object.values(clusterModule.workers ?? {})) if (worker && !this.links.has(String(worker.id))) this.addWorker(worker);
    const onFork = (worker: Parameters<typeof this.addWorker>[0]) => this.addWorker(worker);
    clusterModule.on('fork', onFork);
    return () => clusterModule.off('fork', onFork);
  }

  /** Live workers in the group. */
  get size(): number {
    return this.links.size;
  }

  /** Live workers that have said hello (their reader is registered): collections wait for these only. */
  get readySize(): number {
    let n = 0;
    for (const link of this.links.values()) if (link.ready) n++;
    return n;
  }

  /** A producer for one reader of the primary (`metricProducers: [group.createProducer()]`). One per reader. */
  createProducer(options: ProducerOptions = {}): MetricProducer {
    rejectUnknownOptions(options, ['temporality'], 'WorkerGroup.createProducer');
    const delta = options.temporality === AggregationTemporality.DELTA ? new DeltaConversion() : undefined;
    return {
      collect: async (collectOptions?: MetricCollectOptions): Promise<CollectionResult> => {
        const { scopes, errors } = await this.collectMerged(collectOptions);
        return { resourceMetrics: { resource: emptyResource(), scopeMetrics: delta ? delta.convert(scopes) : scopes }, errors };
      },
    };
  }

  private async collectMerged(options?: MetricCollectOptions) {
    const errors: unknown[] = [];
    const timeout = Math.min(this.timeoutMillis, options?.timeoutMillis ?? Infinity);
    const id = this.nextId++;
    const links = [...this.links.values()];
    await Promise.all(
      links.filter((link) => link.ready).map(async (link) => {
        const reply = await link.request(id, timeout);
        if (reply === undefined && this.links.has(link.name)) {
          const age = link.state ? `its state from ${Date.now() - link.stateTime} ms ago is used` : 'it has no state yet';
          errors.push(new Error(`@meterkit/cluster: worker ${link.name} did not answer within ${timeout} ms; ${age}`));
        } else if (reply !== undefined && reply.v !== WIRE_VERSION) {
          errors.push(new Error(versionMismatch('primary', reply.v, `worker ${link.name}`)));
        } else if (reply?.error !== undefined) {
          errors.push(new Error(`@meterkit/cluster: worker ${link.name}: ${reply.error}`));
        }
      }),
    );
    const states: WorkerState[] = [];
    // Workers that exited during the wait are already folded into the retained totals.
    for (const link of this.links.values()) if (link.state) states.push({ worker: link.name, scopes: link.state });
    return { scopes: this.merged.merge(states, errors), errors };
  }

  private readonly reportedVersions = new Set<string>();

  private onReply(link: WorkerLink, reply: CollectReply): void {
    link.ready = true;
    if (reply.v !== WIRE_VERSION) {
      link.state = undefined;
      if (!this.reportedVersions.has(link.name)) {
        this.reportedVersions.add(link.name);
        diag.error(versionMismatch('primary', reply.v, `worker ${link.name}`));
      }
      return;
    }
    if (!reply.state) return;
    try {
      link.state = decodeState(reply.state);
      link.stateTime = Date.now();
    } catch (error) {
      diag.error(`@meterkit/cluster: undecodable state from worker ${link.name}; its previous state is kept`, error);
    }
  }

  private onGone(link: WorkerLink): void {
    this.links.delete(link.name);
    if (link.state) this.merged.retire({ worker: link.name, scopes: link.state });
  }
}
