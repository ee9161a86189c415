// The plan from OTEL_CONFIG_FILE. When the file is set, the other OTEL_* variables are not
// read (only ${VAR} references inside the file are). A file with any error yields no plan:
// the caller reports every error, with its path, and leaves metrics off.
import type { Plan } from '../plan';
import { resourceFromFile } from '../resource';
import { logLevelFromSeverity } from '../diag-logger';
import { Problems, boolean, mapping, oneOfValues, string } from './checks';
import { readMeterProviderSection } from './meter-provider-section';
import { ConfigFileError, readConfigFile } from './read-config-file';
import { readResourceSection } from './resource-section';

const TOP_LEVEL = [
  'file_format',
  'disabled',
  'log_level',
  'attribute_limits',
  'logger_provider',
  'meter_provider',
  'propagator',
  'tracer_provider',
  'resource',
  'instrumentation/development',
  'distribution',
];

const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].flatMap((s) => [s, `${s}2`, `${s}3`, `${s}4`]);

/** A plan with notes on what was ignored, or the errors that leave metrics off. */
export type FilePlanResult = { plan: Plan; notes: string[] } | { errors: string[] };

/**
 * Reads an OTEL_CONFIG_FILE (YAML or JSON, opentelemetry-configuration 1.0) with environment
 * references substituted from `env`, and returns its plan or the errors found in it.
 */
export function planFromConfigFile(file: string, env: Record<string, string | undefined>): FilePlanResult {
  let parsed: unknown;
  try {
    parsed = readConfigFile(file, env);
  } catch (error) {
    if (error instanceof ConfigFileError) return { errors: [error.message] };
    throw error;
  }
  return planFromConfigObject(parsed, env);
}

/** Like {@link planFromConfigFile} for a configuration already parsed into a plain object. */
export function planFromConfigObject(parsed: unknown, env: Record<string, string | undefined>): FilePlanResult {
  const p = new Problems();
  // additionalProperties is true at the top level: unknown keys are not errors there.
  const top = mapping(parsed, '(top level)', Object.keys(parsed !== null && typeof parsed === 'object' ? parsed : {}), p) ?? {};
  const format = string(top.file_format, 'file_format', p);
  if (format === undefined) {
    if (top.file_format === undefined || top.file_format === null) p.error('file_format', 'required, e.g. file_format: "1.0"');
  } else if (!/^1\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(format)) {
    p.error('file_format', `"${format}" is not supported; meterkit reads file format 1.x`);
  }
  for (const key of Object.keys(top)) {
    if (!TOP_LEVEL.includes(key)) p.note(key, 'unknown top-level field; ignored');
  }
  const severity = oneOfValues(top.log_level, 'log_level', SEVERITIES, p);
  for (const key of ['tracer_provider', 'logger_provider', 'propagator', 'attribute_limits', 'instrumentation/development']) {
    if (top[key] !== undefined) p.note(key, '@meterkit/auto configures metrics only; ignored');
  }
  const disabled = boolean(top.disabled, 'disabled', p) ?? false;
  const resourceSettings = readResourceSection(top.resource, p);
  const meterProvider = readMeterProviderSection(top.meter_provider, p);
  if (top.meter_provider === undefined || top.meter_provider === null) {
    p.note('meter_provider', 'absent: the no-op meter provider is used (metrics off)');
  }
  if (p.errors.length > 0) return { errors: p.errors };
  const noMeterProvider = top.meter_provider === undefined || top.meter_provider === null;
  return {
    plan: {
      source: 'file',
      disabled: disabled || noMeterProvider,
      resource: resourceFromFile(resourceSettings, env),
      readers: meterProvider.readers,
      views: meterProvider.views,
      ...(meterProvider.exemplarFilter !== undefined ? { exemplarFilter: meterProvider.exemplarFilter } : {}),
      logLevel: severity === undefined ? undefined : logLevelFromSeverity(severity),
    },
    notes: p.notes,
  };
}
