// The `meter_provider` section: readers (periodic with otlp_http / otlp_grpc / console,
// pull with prometheus), views, cardinality limits and the exemplar filter, turned into plan entries. Field names
// are those of opentelemetry-configuration's schema/meter_provider.yaml (file_format 1.0).
import type { CardinalityLimitsPlan, OtlpFileSettings, ReaderPlan } from '../plan';
import { parseAttributesList } from '../resource';
import { Problems, boolean, choice, includeExclude, integer, list, mapping, oneOfValues, string } from './checks';
import { readView } from './view-entry';
import type { ViewOptions } from '@meterkit/views';
import type { ExemplarFilter } from '@meterkit/sdk-metrics-core';

const TEMPORALITIES = ['cumulative', 'delta', 'low_memory'] as const;
const HISTOGRAMS = ['explicit_bucket_histogram', 'base2_exponential_bucket_histogram'] as const;
const LIMIT_KEYS = ['default', 'counter', 'gauge', 'histogram', 'observable_counter', 'observable_gauge', 'observable_up_down_counter', 'up_down_counter'] as const;

export interface MeterProviderSection {
  readers: ReaderPlan[];
  views: ViewOptions[];
  exemplarFilter?: ExemplarFilter;
}

export function readMeterProviderSection(value: unknown, p: Problems): MeterProviderSection {
  const section: MeterProviderSection = { readers: [], views: [] };
  const m = mapping(value, 'meter_provider', ['readers', 'views', 'exemplar_filter', 'meter_configurator/development'], p);
  if (m === undefined) return section;
  if (m.readers === undefined || m.readers === null) p.error('meter_provider.readers', 'required');
  list(m.readers, 'meter_provider.readers', p, (item, path) => {
    const reader = readReader(item, path, p);
    if (reader !== undefined) section.readers.push(reader);
  });
  list(m.views, 'meter_provider.views', p, (item, path) => {
    const view = readView(item, path, p);
    if (view !== undefined) section.views.push(view);
  });
  const exemplarFilter = oneOfValues(m.exemplar_filter, 'meter_provider.exemplar_filter', ['always_on', 'always_off', 'trace_based'], p);
  if (exemplarFilter !== undefined) section.exemplarFilter = exemplarFilter;
  if (m['meter_configurator/development'] !== undefined) p.note('meter_provider.meter_configurator/development', 'not supported; ignored');
  return section;
}

function readReader(value: unknown, path: string, p: Problems): ReaderPlan | undefined {
  const picked = choice(value, path, ['periodic', 'pull'], p);
  if (picked === undefined) return undefined;
  const [kind, body] = picked;
  const at = `${path}.${kind}`;
  if (kind === 'periodic') {
    const r = mapping(body, at, ['interval', 'timeout', 'exporter', 'producers', 'cardinality_limits'], p);
    if (r === undefined) return undefined;
    noteProducers(r.producers, `${at}.producers`, p);
    const limits = readLimits(r.cardinality_limits, `${at}.cardinality_limits`, p);
    let interval = integer(r.interval, `${at}.interval`, p, { min: 0 });
    if (interval === 0) {
      p.note(`${at}.interval`, '0 is not a usable interval; 60000 is used');
      interval = undefined;
    }
    const timeout = integer(r.timeout, `${at}.timeout`, p, { min: 0 });
    const exporterAt = `${at}.exporter`;
    const exporter = choice(r.exporter, exporterAt, ['otlp_http', 'otlp_grpc', 'console', 'otlp_file/development'], p);
    if (exporter === undefined) return undefined;
    const [exporterKind, settings] = exporter;
    const base = { kind: 'periodic' as const, intervalMillis: interval, timeoutMillis: timeout === 0 ? undefined : timeout, cardinalityLimits: limits };
    if (exporterKind === 'otlp_file/development') {
      p.note(`${exporterAt}.otlp_file/development`, 'not supported by meterkit; this reader is left out');
      return undefined;
    }
    if (exporterKind === 'console') {
      const c = mapping(settings, `${exporterAt}.console`, ['temporality_preference', 'default_histogram_aggregation'], p);
      return {
        ...base,
        exporter: {
          kind: 'console',
          temporality: oneOfValues(c?.temporality_preference, `${exporterAt}.console.temporality_preference`, TEMPORALITIES, p),
          histogram: oneOfValues(c?.default_histogram_aggregation, `${exporterAt}.console.default_histogram_aggregation`, HISTOGRAMS, p),
        },
      };
    }
    const grpc = exporterKind === 'otlp_grpc';
    const file = readOtlp(settings, `${exporterAt}.${exporterKind}`, grpc, p);
    if (file === undefined) return undefined;
    return { ...base, exporter: { kind: 'otlp', protocol: grpc ? 'grpc' : file.protocol, file: file.settings } };
  }
  const r = mapping(body, at, ['exporter', 'producers', 'cardinality_limits'], p);
  if (r === undefined) return undefined;
  noteProducers(r.producers, `${at}.producers`, p);
  const limits = readLimits(r.cardinality_limits, `${at}.cardinality_limits`, p);
  const exporter = choice(r.exporter, `${at}.exporter`, ['prometheus/development', 'prometheus'], p);
  if (exporter === undefined) return undefined;
  const e = `${at}.exporter.${exporter[0]}`;
  const prom = mapping(exporter[1], e, ['host', 'port', 'without_scope_info', 'without_target_info/development', 'with_resource_constant_labels', 'translation_strategy'], p);
  if (prom === undefined) return undefined;
  const strategy = string(prom.translation_strategy, `${e}.translation_strategy`, p);
  if (strategy !== undefined && strategy !== 'underscore_escaping_with_suffixes') {
    p.note(`${e}.translation_strategy`, `"${strategy}" is not supported; underscore_escaping_with_suffixes is used`);
  }
  return {
    kind: 'prometheus',
    host: string(prom.host, `${e}.host`, p),
    port: integer(prom.port, `${e}.port`, p, { min: 0, max: 65535 }),
    withoutScopeInfo: boolean(prom.without_scope_info, `${e}.without_scope_info`, p),
    withoutTargetInfo: boolean(prom['without_target_info/development'], `${e}.without_target_info/development`, p),
    resourceConstantLabels:
      prom.with_resource_constant_labels === undefined || prom.with_resource_constant_labels === null
        ? undefined
        : includeExclude(prom.with_resource_constant_labels, `${e}.with_resource_constant_labels`, p),
    cardinalityLimits: limits,
  };
}

function readOtlp(value: unknown, at: string, grpc: boolean, p: Problems): { protocol: 'http/protobuf' | 'http/json'; settings: OtlpFileSettings } | undefined {
  const keys = ['endpoint', 'tls', 'headers', 'headers_list', 'compression', 'timeout', 'temporality_preference', 'default_histogram_aggregation'];
  const o = mapping(value, at, grpc ? keys : [...keys, 'encoding'], p);
  if (o === undefined) return undefined;
  const settings: OtlpFileSettings = { headers: {} };
  settings.endpoint = string(o.endpoint, `${at}.endpoint`, p);
  if (settings.endpoint !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(settings.endpoint) && !grpc) {
    p.error(`${at}.endpoint`, `expected a full URL such as http://localhost:4318/v1/metrics, got "${settings.endpoint}"`);
  }
  const headersList = string(o.headers_list, `${at}.headers_list`, p);
  if (headersList !== undefined) Object.assign(settings.headers, parseAttributesList(headersList, (m) => p.error(`${at}.headers_list`, m)));
  list(o.headers, `${at}.headers`, p, (item, path) => {
    const h = mapping(item, path, ['name', 'value'], p);
    const name = string(h?.name, `${path}.name`, p);
    const headerValue = string(h?.value, `${path}.value`, p);
    if (h !== undefined && name === undefined) p.error(`${path}.name`, 'required');
    // Entries of .headers win over .headers_list; a null value is ignored.
    if (name !== undefined && headerValue !== undefined) settings.headers[name] = headerValue;
  });
  settings.compression = oneOfValues(o.compression, `${at}.compression`, ['gzip', 'none'], p);
  settings.timeoutMillis = integer(o.timeout, `${at}.timeout`, p, { min: 0 });
  settings.temporality = oneOfValues(o.temporality_preference, `${at}.temporality_preference`, TEMPORALITIES, p);
  settings.histogram = oneOfValues(o.default_histogram_aggregation, `${at}.default_histogram_aggregation`, HISTOGRAMS, p);
  const tls = mapping(o.tls, `${at}.tls`, grpc ? ['ca_file', 'key_file', 'cert_file', 'insecure'] : ['ca_file', 'key_file', 'cert_file'], p);
  if (tls !== undefined) {
    settings.caFile = string(tls.ca_file, `${at}.tls.ca_file`, p);
    settings.keyFile = string(tls.key_file, `${at}.tls.key_file`, p);
    settings.certFile = string(tls.cert_file, `${at}.tls.cert_file`, p);
    if ((settings.keyFile === undefined) !== (settings.certFile === undefined)) {
      p.error(`${at}.tls`, 'key_file and cert_file go together (mTLS): set both or neither');
    }
    if (grpc) settings.insecure = boolean(tls.insecure, `${at}.tls.insecure`, p);
  }
  const encoding = grpc ? undefined : oneOfValues(o.encoding, `${at}.encoding`, ['protobuf', 'json'], p);
  return { protocol: encoding === 'json' ? 'http/json' : 'http/protobuf', settings };
}

function readLimits(value: unknown, at: string, p: Problems): CardinalityLimitsPlan | undefined {
  const m = mapping(value, at, LIMIT_KEYS, p);
  if (m === undefined) return undefined;
  const limits: CardinalityLimitsPlan = {};
  for (const key of LIMIT_KEYS) {
    const n = integer(m[key], `${at}.${key}`, p, { min: 1 });
    if (n !== undefined) limits[key] = n;
  }
  return limits;
}

function noteProducers(value: unknown, at: string, p: Problems): void {
  if (value !== undefined && value !== null) p.note(at, 'metric producers (opencensus) are not supported; ignored');
}
