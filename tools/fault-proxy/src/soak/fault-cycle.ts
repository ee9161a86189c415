// The soak's fault cycle: the collector alternates between healthy and one fault at a time,
// for `totalMillis`, and ends healthy so that the final export can deliver everything.
import type { OtlpSink } from '@meterkit/otlp-sink';
import type { FaultProxy } from '../fault-proxy';

interface Phase {
  name: string;
  apply(proxy: FaultProxy, sink: OtlpSink): Promise<void>;
}

const PHASES: Phase[] = [
  { name: 'refuse', apply: (p) => p.setMode('refuse') },
  { name: 'blackhole', apply: (p) => p.setMode('blackhole') },
  { name: 'reset', apply: (p) => p.setMode('reset') },
  { name: 'slow 300 ms', apply: (p) => p.setMode('slow', { latencyMs: 300 }) },
  {
    name: '503 + Retry-After 1 s',
    apply: async (p, s) => {
      await p.setMode('pass');
      s.setDefaultBehaviour({ httpStatus: 503, grpcCode: 14, retryAfterSeconds: 1 });
    },
  },
];

const PHASE_MILLIS = 10_000;

export async function faultCycle(options: { proxy: FaultProxy; sink: OtlpSink; totalMillis: number; log: (line: string) => void }): Promise<void> {
  const { proxy, sink } = options;
  const end = Date.now() + options.totalMillis;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, end - Date.now()))));
  for (let i = 0; Date.now() < end; i++) {
    const phase = PHASES[i % PHASES.length]!;
    options.log(`  fault: ${phase.name}`);
    await phase.apply(proxy, sink);
    await sleep(PHASE_MILLIS);
    await healthy(proxy, sink);
    options.log('  fault: none');
    await sleep(PHASE_MILLIS);
  }
  await healthy(proxy, sink);
}

async function healthy(proxy: FaultProxy, sink: OtlpSink): Promise<void> {
  sink.setDefaultBehaviour(undefined);
  await proxy.setMode('pass');
}
