// The machine a run happened on, printed and stored with every result: ratios travel
// between machines much better than absolute ns/op, but both need their context.
import { execFileSync } from 'node:child_process';
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
  /** Commit of the working tree measured, with `+dirty` when packages/ had local changes. */
  commit: string;
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
    commit: gitCommit(),
  };
}

function gitCommit(): string {
  try {
    const git = (args: string[]): string => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git(['rev-parse', '--short', 'HEAD']);
    return git(['status', '--porcelain', '--', 'packages']) === '' ? head : `${head}+dirty`;
  } catch {
    return 'unknown';
  }
}
