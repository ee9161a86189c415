// start(): read the configuration (OTEL_CONFIG_FILE, else the OTEL_* variables), build the
// MeterProvider, register it as the global one, start the runtime metrics and the shutdown
// hooks. Never throws into the application: every problem is one line on stderr.
import { metrics } from '@opentelemetry/api';
import { MeterProvider, rejectUnknownOptions } from '@meterkit/sdk-metrics-core';
import { startRuntimeMetrics, type RuntimeMetrics } from '@meterkit/runtime-metrics';
import { buildReaders, buildViews } from './build-readers';
import { planFromConfigFile } from './config-file/file-plan';
import { readBoolean, readMillis, readString, type Env } from './env';
import { planFromEnvironment } from './env-plan';
import type { Plan } from './plan';
import { installDiagLogger } from './diag-logger';
import { DEFAULT_SHUTDOWN_TIMEOUT_MILLIS, installShutdownHooks, type ShutdownHooks } from './shutdown-hooks';
import { warn } from './warn';

/** Options of {@link start}; each is optional. */
export interface StartOptions {
  /** Where the configuration is read from. Default: process.env. */
  env?: Env;
  /** Default: METERKIT_RUNTIME_METRICS, else true. */
  runtimeMetrics?: boolean;
  /** Flush and shut down on SIGTERM / SIGINT / beforeExit. Default: METERKIT_SHUTDOWN_HOOKS, else true. */
  shutdownHooks?: boolean;
}

interface Started {
  provider: MeterProvider | undefined;
  runtime?: RuntimeMetrics;
  hooks?: ShutdownHooks;
}

// One set-up per process, shared by every copy of this module (the CommonJS register and an
// ESM `import { start }` are two module instances).
const STATE = Symbol.for('@meterkit/auto.started');
type GlobalWithState = typeof globalThis & { [STATE]?: Started };

const OPTION_NAMES = ['env', 'runtimeMetrics', 'shutdownHooks'] as const;

/**
 * Sets meterkit up from the environment and registers the global MeterProvider. Returns the
 * provider, or undefined when the SDK is disabled (OTEL_SDK_DISABLED=true, `disabled: true`
 * in the file, a file with errors, or no meter_provider in the file). A second call returns
 * what the first one set up.
 */
export function start(options: StartOptions = {}): MeterProvider | undefined {
  rejectUnknownOptions(options, OPTION_NAMES, '@meterkit/auto start()');
  const g = globalThis as GlobalWithState;
  if (g[STATE] !== undefined) return g[STATE].provider;
  const env = options.env ?? process.env;
  let started: Started = { provider: undefined };
  try {
    started = setUp(env, options);
  } catch (error) {
    warn(`set-up failed, metrics are off: ${(error as Error).stack ?? String(error)}`);
  }
  g[STATE] = started;
  return started.provider;
}

/** Undoes start(): stops runtime metrics, removes the hooks, shuts the provider down. For tests and hot reloads. */
export async function stop(): Promise<void> {
  const g = globalThis as GlobalWithState;
  const started = g[STATE];
  if (started === undefined) return;
  g[STATE] = undefined;
  started.runtime?.stop();
  started.hooks?.remove();
  if (started.provider !== undefined) {
    await started.provider.shutdown();
    metrics.disable();
  }
}

function readPlan(env: Env): Plan | undefined {
  const file = readString(env, 'OTEL_CONFIG_FILE');
  if (file === undefined) {
    if (readBoolean(env, 'OTEL_SDK_DISABLED', false)) return undefined;
    return planFromEnvironment(env);
  }
  const result = planFromConfigFile(file, env);
  if ('errors' in result) {
    warn(`OTEL_CONFIG_FILE ${file} is not valid; metrics are off:\n  ${result.errors.join('\n  ')}`);
    return undefined;
  }
  for (const note of result.notes) warn(`OTEL_CONFIG_FILE ${file}: ${note}`);
  return result.plan.disabled ? undefined : result.plan;
}

function setUp(env: Env, options: StartOptions): Started {
  const plan = readPlan(env);
  if (plan === undefined) return { provider: undefined };
  if (plan.logLevel !== undefined) installDiagLogger(plan.logLevel);
  const readers = buildReaders(plan);
  if (plan.readers.length > 0 && readers.length === 0) warn('no metric reader could be created; metrics are recorded but not exported');
  // The filter always explicit: the plan (env handed to start(), or the file) decides, not process.env.
  const provider = new MeterProvider({ resource: plan.resource, readers, views: buildViews(plan), exemplarFilter: plan.exemplarFilter ?? 'trace_based' });
  if (!metrics.setGlobalMeterProvider(provider)) {
    warn('another global MeterProvider is already registered (NodeSDK with metric readers?); meterkit\'s is not the global one. See the NodeSDK recipe in the README.');
  }
  const started: Started = { provider };
  if (options.runtimeMetrics ?? readBoolean(env, 'METERKIT_RUNTIME_METRICS', true)) {
    try {
      started.runtime = startRuntimeMetrics({ meterProvider: provider });
    } catch (error) {
      warn(`runtime metrics could not start: ${(error as Error).message}`);
    }
  }
  if (options.shutdownHooks ?? readBoolean(env, 'METERKIT_SHUTDOWN_HOOKS', true)) {
    const timeout = readMillis(env, 'METERKIT_SHUTDOWN_TIMEOUT_MILLIS') ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
    started.hooks = installShutdownHooks(provider, timeout);
  }
  return started;
}
