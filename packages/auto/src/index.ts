// @meterkit/auto: zero-code set-up of meterkit from OTEL_* variables or OTEL_CONFIG_FILE.
export { start, stop } from './start';
export type { StartOptions } from './start';
export { planFromEnvironment } from './env-plan';
export { planFromConfigFile, planFromConfigObject } from './config-file/file-plan';
export type { FilePlanResult } from './config-file/file-plan';
export { parseConfigText, ConfigFileError } from './config-file/read-config-file';
export { substituteEnvReferences } from './config-file/substitute';
export type * from './plan';
