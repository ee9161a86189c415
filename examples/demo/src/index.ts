// The demo as a library, for its test and for anyone who wants to drive it from code.
export { runDemo } from './run-demo';
export type { DemoOptions, DemoResult } from './run-demo';
export type { SourceSummary, StatusClass } from './summary';
export { estimateQuantile } from './readback/quantile';
export { parseExposition } from './readback/prometheus-text';
