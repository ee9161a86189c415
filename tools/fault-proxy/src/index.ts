export { startFaultProxy } from './fault-proxy';
export type { FaultMode, FaultProxy, FaultProxyOptions, FaultProxyStats, FaultStep } from './fault-proxy';
export { startApp, trackDelivered, METRIC_NAME } from './harness';
export type { AppConfig, AppExit, AppProcess, AppReport, DeliveredTotals } from './harness';
