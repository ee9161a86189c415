// Exporter packages are optional peer dependencies: loaded only when the configuration asks
// for them. A missing one is reported in one line that names what to install, and the rest
// of the set-up goes on without it.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { warn } from './warn';

/** Resolve from this package first (its own peers), then from the application's directory. */
const requireFromHere = createRequire(__filename);
const requireFromApp = createRequire(path.join(process.cwd(), 'package.json'));

function isNotFound(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}

export function loadOptional<T>(name: string, neededFor: string): T | undefined {
  for (const load of [requireFromHere, requireFromApp]) {
    try {
      return load(name) as T;
    } catch (error) {
      if (isNotFound(error, name)) continue;
      warn(`${neededFor} needs ${name}, which failed to load: ${(error as Error).message}`);
      return undefined;
    }
  }
  warn(`${neededFor} needs ${name}; install it: npm install ${name}`);
  return undefined;
}
