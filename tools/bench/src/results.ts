// The result model shared by every section, written as JSON and rendered as Markdown.
import type { Environment } from './environment';
import type { Summary } from './stats';

/** Who ran a case: the three libraries, plus reference variants used by some rows. */
export type ImplId = 'meterkit' | 'otel' | 'prom' | 'js' | 'meterkit-noview' | 'otel-noview' | 'meterkit-json' | 'meterkit-text' | 'meterkit-idle' | 'lower-bound' | 'read-floor' | 'read-object' | 'otel-json';

export const IMPL_LABELS: Record<ImplId, string> = {
  meterkit: 'meterkit',
  otel: '@opentelemetry/sdk-metrics',
  prom: 'prom-client',
  js: 'plain JS',
  'meterkit-noview': 'meterkit, no view',
  'otel-noview': 'official, no view',
  'meterkit-json': 'meterkit, OTLP/JSON',
  'meterkit-text': 'meterkit, text',
  'meterkit-idle': 'meterkit, not scraped',
  'lower-bound': 'lower bound (what it is: see "What each row measures")',
  'read-floor': 'lower bound + reading the input (for reference, see "What each row measures")',
  'read-object': 'lower bound + reading the reused object (for reference, see "What each row measures")',
  'otel-json': 'official, OTLP/JSON',
};

export type Section = 'hot-path' | 'collection' | 'export' | 'memory' | 'allocation' | 'startup' | 'cluster';

export interface ImplResult extends Summary {
  /** Extra figures of the case: bytes of a serialized request, scavenges, ... */
  extra?: Record<string, number | string>;
}

export interface Row {
  id: string;
  section: Section;
  title: string;
  /** Unit of `median`/`samples`: lower is better for every unit used here. */
  unit: 'ns/op' | 'ms' | 'bytes/series' | 'bytes/instrument' | 'bytes/op';
  results: Partial<Record<ImplId, ImplResult>>;
  note?: string;
}

export interface TargetResult {
  id: string;
  description: string;
  /** The measured ratio the threshold applies to. */
  value: number;
  threshold: string;
  pass: boolean | null;
}

export interface BenchReport {
  command: string;
  environment: Environment;
  options: {
    quick: boolean;
    filters: string[];
    samples: number;
    sampleMs: number;
    collectSamples: number;
    /** Whether the collection/export rows were also timed in isolated processes (absent in older results). */
    isolated?: boolean;
  };
  rows: Row[];
  targets: TargetResult[];
  durationSeconds: number;
  /** Set by `cli.js --render`: when the file was re-rendered from these results without measuring. */
  rerenderedAt?: string;
}

/** How many times slower (or bigger) `peer` is than `impl` on a row: > 1 means `impl` wins. */
export function ratio(row: Row, peer: ImplId, impl: ImplId = 'meterkit'): number | undefined {
  const a = row.results[impl]?.median;
  const b = row.results[peer]?.median;
  if (a === undefined || b === undefined || !(a > 0)) return undefined;
  return b / a;
}
