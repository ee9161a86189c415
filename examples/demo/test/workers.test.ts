// `--workers N`: the built demo (dist, as `pnpm demo` runs it) with cluster workers. The
// primary's Prometheus endpoint, the OTLP sink and the load generator must agree exactly.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const main = join(__dirname, '..', 'dist', 'main.js');

describe('demo --workers', () => {
  it('reads back from every backend exactly what the load generator counted, across 3 workers', async () => {
    // The cluster workers run dist/cluster-worker.js: the demo must be built (the CI builds before jest).
    expect(existsSync(join(__dirname, '..', 'dist', 'cluster-worker.js'))).toBe(true);
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, [main, '--workers', '3', '--duration', '2', '--console', 'off'], { timeout: 90_000 }, (error, out) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
      );
      child.stdin?.end();
    });
    expect(stdout).toMatch(/3 cluster workers, merged by @meterkit\/cluster/);
    expect(stdout).toMatch(/Every backend holds exactly the requests the load generator counted/);
    expect(code).toBe(0);
  }, 120_000);
});
