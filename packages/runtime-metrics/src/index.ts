// @meterkit/runtime-metrics: Node.js runtime metrics under the OpenTelemetry semantic-convention
// names, read once per collection.
export { startRuntimeMetrics, RUNTIME_METRICS_METER_NAME } from './runtime-metrics';
export type { RuntimeMetrics, RuntimeMetricsOptions } from './runtime-metrics';
