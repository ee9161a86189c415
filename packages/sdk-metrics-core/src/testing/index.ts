// @meterkit/sdk-metrics-core/testing: what tests of meterkit and of packages built on it share.
// A provider with a pull reader, collecting, comparing points without timestamps, capturing
// diag output, and the conformance suite for push exporters.
//
// Nothing here runs at import: the conformance suite looks up the test runner's describe/it
// when it is called (it needs jest or a runner with the same functions). The main entry of the
// package never imports this module.
export { TestReader, allMetrics, findMetric, metricNames } from './test-reader';
export type { TestReaderOptions } from './test-reader';
export { createTestProvider } from './test-provider';
export type { TestProvider, TestProviderOptions } from './test-provider';
export { pointsOf, withoutTimestamps } from './points';
export type { TimelessPoint } from './points';
export { captureDiag, withDiagCaptured } from './diag-capture';
export type { DiagCapture, DiagLevel, DiagMessage } from './diag-capture';
export { assertWorkloadRound, exporterConformanceSuite, exportAndCount } from './conformance/suite';
export { EXPECTED_METRICS, WORKLOAD_ATTRIBUTES, WORKLOAD_RESOURCE, WORKLOAD_SCOPE, recordWorkload } from './conformance/workload';
export type { ExpectedHistogram, ExpectedMetric } from './conformance/workload';
export type {
  ConformancePoint,
  ConformanceSetup,
  ConformanceTarget,
  ExporterConformanceOptions,
  ReceiverBehaviour,
  TemporalityPreference,
  TestFunctions,
} from './conformance/types';
