// The resource: the SDK's default (telemetry.sdk.*, service.name fallback), then what the
// detectors find (host, os, process/runtime, service.instance.id), then what the user says
// (OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME, or the file's attributes), the user's
// values winning: each merge lets the later resource override the earlier one.
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type DetectedResourceAttributes,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import type { Env } from './env';
import { readList } from './env';
import { warn } from './warn';

/** Detector names of OTEL_NODE_RESOURCE_DETECTORS (the variable NodeSDK reads), meterkit's subset. */
const DETECTORS: Record<string, ResourceDetector[]> = {
  host: [hostDetector],
  os: [osDetector],
  process: [processDetector],
  serviceinstance: [serviceInstanceIdDetector],
  env: [],
};

export function resourceFromEnvironment(env: Env): Resource {
  const names = readList(env, 'OTEL_NODE_RESOURCE_DETECTORS') ?? ['all'];
  const chosen = new Set<string>();
  for (const name of names) {
    if (name === 'all') Object.keys(DETECTORS).forEach((n) => chosen.add(n));
    else if (name === 'none') continue;
    else if (name in DETECTORS) chosen.add(name);
    else warn(`OTEL_NODE_RESOURCE_DETECTORS: unknown detector "${name}" ignored; known: all, none, ${Object.keys(DETECTORS).join(', ')}`);
  }
  // The env detector goes last so OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME override detected values.
  const detectors = [...chosen].filter((n) => n !== 'env').flatMap((n) => DETECTORS[n]!);
  const detected = defaultResource().merge(detectResources({ detectors }));
  return chosen.has('env') ? detected.merge(resourceFromAttributes(attributesFromEnv(env))) : detected;
}

/**
 * What @opentelemetry/resources' envDetector reads, but from the given variables (start()
 * may be handed an env object other than process.env): OTEL_RESOURCE_ATTRIBUTES, then
 * OTEL_SERVICE_NAME over its service.name.
 */
function attributesFromEnv(env: Env): Record<string, string> {
  const list = env.OTEL_RESOURCE_ATTRIBUTES?.trim();
  const attributes = list ? parseAttributesList(list, (message) => warn(`OTEL_RESOURCE_ATTRIBUTES: ${message}; entry ignored`)) : {};
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName) attributes['service.name'] = serviceName;
  return attributes;
}

export interface FileResourceSettings {
  /** Detector names of the file's `detection/development.detectors`: host, process, service. */
  detectors: string[];
  /** Parsed `attributes_list` (lower priority than `attributes`). */
  attributesList: Record<string, string>;
  attributes: DetectedResourceAttributes;
  schemaUrl?: string;
}

const FILE_DETECTORS: Record<string, ResourceDetector[]> = {
  host: [hostDetector, osDetector],
  process: [processDetector],
  service: [serviceInstanceIdDetector],
};

export function resourceFromFile(settings: FileResourceSettings, env: Env): Resource {
  let resource = defaultResource();
  for (const name of settings.detectors) {
    if (name === 'service') {
      // The "service" detector: service.instance.id, and service.name from OTEL_SERVICE_NAME.
      const serviceName = env.OTEL_SERVICE_NAME?.trim();
      if (serviceName) resource = resource.merge(resourceFromAttributes({ 'service.name': serviceName }));
    }
    resource = resource.merge(detectResources({ detectors: FILE_DETECTORS[name] ?? [] }));
  }
  resource = resource.merge(resourceFromAttributes(settings.attributesList));
  return resource.merge(
    resourceFromAttributes(settings.attributes, settings.schemaUrl === undefined ? undefined : { schemaUrl: settings.schemaUrl }),
  );
}

/** Parses `key=value,key2=value2` (URL-encoded values) as OTEL_RESOURCE_ATTRIBUTES does; bad entries are reported. */
export function parseAttributesList(text: string, report: (message: string) => void): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      report(`"${entry.trim()}" is not key=value`);
      continue;
    }
    try {
      out[decodeURIComponent(entry.slice(0, eq).trim())] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      report(`"${entry.trim()}" is not valid URL-encoded text`);
    }
  }
  return out;
}
