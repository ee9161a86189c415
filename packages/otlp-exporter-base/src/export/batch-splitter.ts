// The splitter lives in @meterkit/sdk-metrics-core, shared with the periodic reader's
// maxExportBatchSize; re-exported here for the exporters and their tests.
export { countDataPoints, splitResourceMetrics } from '@meterkit/sdk-metrics-core';
