// The demo's `--workers N` mode: N cluster workers serve the demo service on one port; this
// process (the primary) holds a WorkerGroup whose producers feed its readers, so the console,
// Prometheus and OTLP each see one merged view of all workers.
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { WorkerGroup } from '@meterkit/cluster';
import type { DemoService } from './service';

const STOP_WORKER = 'meterkit-demo.stop'; // as in cluster-worker.ts (not imported: that module runs on load)

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startClusterService(options: { workers: number; host: string; port?: number; group: WorkerGroup }): Promise<DemoService> {
  const port = options.port || (await freePort(options.host));
  // The worker entry is built next to this module (dist/cluster-worker.js).
  cluster.setupPrimary({ exec: join(__dirname, 'cluster-worker.js') });
  const detach = options.group.attachCluster(cluster);
  const workers: Worker[] = [];
  const listening = Promise.all(
    Array.from({ length: options.workers }, () => {
      const worker = cluster.fork({ MK_DEMO_PORT: String(port) });
      workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        worker.once('listening', () => resolve());
        worker.once('exit', (code) => reject(new Error(`demo worker exited with code ${code} before listening`)));
      });
    }),
  );
  await listening;
  while (options.group.readySize < options.workers) await new Promise((r) => setTimeout(r, 10));
  return {
    url: `http://${options.host}:${port}`,
    async close() {
      detach();
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.send({ cmd: STOP_WORKER });
            }),
        ),
      );
    },
  };
}
