// Two entries: the library (`start`) and the side-effect `register` entry for --require.
// dist/ is emptied by scripts/clean-dist.js first (the configs build in parallel).
// The ESM `register.mjs` is written by scripts/write-esm-register.js: it loads the CJS
// register, so --import and --require share one copy of meterkit (no dual-package state).
import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['cjs', 'esm'],
    dts: true,
    clean: false,
    sourcemap: true,
    target: 'node20',
    shims: true,
  },
  {
    entry: ['src/register.ts'],
    format: ['cjs'],
    sourcemap: true,
    target: 'node20',
  },
]);
