// Finding and running Debian's promtool and prometheus for the end-to-end tests.
// scripts/ensure-prometheus.sh installs them; without them the tests skip, loudly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export function findBinary(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/usr/local/bin', '/usr/sbin']);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function warnMissing(what: string): void {
  console.warn(
    `\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n` +
      `!! SKIPPED: ${what} not found on PATH.\n` +
      `!! Run packages/reader-prometheus/scripts/ensure-prometheus.sh (installs Debian's\n` +
      `!! prometheus package) to run the Prometheus end-to-end tests.\n` +
      `!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`,
  );
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function promtoolCheckMetrics(promtool: string, exposition: string): RunResult {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * promtool has no `check metrics` for OpenMetrics, but its backfill command parses input with
 * Prometheus's own OpenMetrics parser. Backfill needs timestamps, so one is added to every
 * sample line, after the value and before an exemplar; nothing else of the exposition changes.
 */
export function promtoolParseOpenMetrics(promtool: string, exposition: string): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'mk-promtool-'));
  try {
    const withTimestamps = exposition
      .split('\n')
      .map((line) => {
        if (line === '' || line.startsWith('#')) return line;
        const exemplar = line.lastIndexOf(' # {');
        return exemplar < 0 ? `${line} 1700000000` : `${line.slice(0, exemplar)} 1700000000${line.slice(exemplar)}`;
      })
      .join('\n');
    const input = join(dir, 'input.om');
    writeFileSync(input, withTimestamps);
    const run = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, join(dir, 'blocks')], { encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  process: ChildProcess;
  logs: () => string;
  stop: () => Promise<void>;
}

/** Starts prometheus on a free loopback port scraping `targets` (job → "127.0.0.1:port" + path) every second. */
export async function startPrometheus(
  binary: string,
  jobs: Array<{ job: string; target: string; path: string }>,
  extraFlags: readonly string[] = [],
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'mk-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    ...jobs.flatMap(({ job, target, path }) => [
      `  - job_name: ${job}`,
      `    metrics_path: ${path}`,
      '    static_configs:',
      `      - targets: ['${target}']`,
    ]),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...extraFlags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let logs = '';
  child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `http://127.0.0.1:${port}`, process: child, logs: () => logs, stop };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
