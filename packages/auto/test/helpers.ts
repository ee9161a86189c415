import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

export const FIXTURES = path.join(__dirname, 'fixtures');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningChild {
  child: ChildProcess;
  /** Resolves once the app printed its READY line. */
  ready: Promise<string>;
  done: Promise<ChildResult>;
}

/**
 * Starts `node <nodeArgs> <script>` in the fixtures folder with only the given variables
 * (plus PATH/HOME), so nothing from the test runner's environment leaks in.
 */
export function runApp(nodeArgs: string[], script: string, env: Record<string, string>, timeoutMs = 20_000): RunningChild {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: FIXTURES,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let resolveReady!: (line: string) => void;
  const ready = new Promise<string>((resolve) => (resolveReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const line = /READY [^\n]*/.exec(stdout);
    if (line) resolveReady(line[0]);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    // 'close', not 'exit': 'exit' can come before the last of stdout has been read (a
    // loaded machine gave an empty stdout after 'exit' plus setImmediate).
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, ready, done };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Retries until the endpoint answers 200 (the reader listens asynchronously). */
export async function scrape(url: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
      last = new Error(`HTTP ${response.status}`);
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no scrape from ${url}: ${String(last)}`);
}
