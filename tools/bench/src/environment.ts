// The machine a run happened on, printed and stored with every result: ratios travel
// between machines much better than absolute ns/op, but both need their context.
import os from 'node:os';

export interface Environment {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  v8: string;
  date: string;
  gcExposed: boolean;
}

export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    gcExposed: typeof globalThis.gc === 'function',
  };
}
