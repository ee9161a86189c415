// Harness API, used by the CLI and by the smoke test.
export { runBench, SECTIONS, type SectionRunner } from './run';
export { defaultOptions, selected, type BenchOptions } from './options';
export { runHotPath, hotPathRows } from './workloads/hot-path';
export { renderMarkdown, renderRowsTable, renderTargets } from './report';
export { evaluateTargets, TARGETS } from './targets';
export { compileLoop } from './compile-loop';
export { timeCases } from './timer';
export { describeEnvironment } from './environment';
export * from './results';
