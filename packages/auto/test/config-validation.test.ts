// Validation of a parsed configuration file: every bad field is reported with its path, and
// a valid file maps onto the plan the readers are built from.
import { AggregationType, InstrumentType } from '@meterkit/sdk-metrics-core';
import { parseConfigText, planFromConfigObject, type FilePlanResult, type Plan } from '../src';

function planOf(yaml: string, env: Record<string, string> = {}): FilePlanResult {
  return planFromConfigObject(parseConfigText(yaml, env), env);
}
function ok(yaml: string, env: Record<string, string> = {}): Plan {
  const result = planOf(yaml, env);
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.plan;
}
function errors(yaml: string): string[] {
  const result = planOf(yaml);
  if (!('errors' in result)) throw new Error('expected errors');
  return result.errors;
}

test('kitchen sink: periodic OTLP HTTP/gRPC and console, pull Prometheus, views, limits, resource', () => {
  const plan = ok(`
file_format: "1.0"
disabled: false
resource:
  schema_url: https://opentelemetry.io/schemas/1.26.0
  attributes_list: service.namespace=shop,service.name=overridden
  attributes:
    - { name: service.name, value: checkout }
    - { name: ports, value: [80, 443], type: int_array }
meter_provider:
  exemplar_filter: trace_based
  readers:
    - periodic:
        interval: 5000
        timeout: 3000
        cardinality_limits: { default: 100, histogram: 50 }
        exporter:
          otlp_http:
            endpoint: http://collector:4318/v1/metrics
            headers_list: "a=1,b=2"
            headers: [{ name: b, value: "3" }, { name: c, value: null }]
            compression: gzip
            timeout: 0
            encoding: protobuf
            temporality_preference: low_memory
            default_histogram_aggregation: base2_exponential_bucket_histogram
            tls: { ca_file: /ca.pem, cert_file: /c.pem, key_file: /k.pem }
    - periodic:
        exporter:
          otlp_grpc: { endpoint: "collector:4317", tls: { insecure: true } }
    - periodic:
        exporter:
          console: { temporality_preference: delta }
    - pull:
        exporter:
          prometheus/development:
            host: 0.0.0.0
            port: 9465
            without_target_info/development: true
            with_resource_constant_labels: { included: ["service.*"] }
  views:
    - selector: { instrument_name: "http.*", instrument_type: histogram, unit: s, meter_name: m, meter_version: "1", meter_schema_url: u }
      stream:
        name: renamed
        description: d
        aggregation_cardinality_limit: 10
        aggregation: { explicit_bucket_histogram: { boundaries: [1, 2, 3], record_min_max: false } }
        attribute_keys: { included: [a, b], excluded: [b] }
    - selector: { instrument_name: x }
      stream: { aggregation: { base2_exponential_bucket_histogram: { max_scale: 10, max_size: 80 } } }
`);
  expect(plan.disabled).toBe(false);
  expect(plan.resource.attributes).toMatchObject({ 'service.name': 'checkout', 'service.namespace': 'shop', ports: [80, 443] });
  expect(plan.resource.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
  expect(plan.readers).toEqual([
    {
      kind: 'periodic',
      intervalMillis: 5000,
      timeoutMillis: 3000,
      cardinalityLimits: { default: 100, histogram: 50 },
      exporter: {
        kind: 'otlp',
        protocol: 'http/protobuf',
        file: {
          endpoint: 'http://collector:4318/v1/metrics',
          headers: { a: '1', b: '3' },
          compression: 'gzip',
          timeoutMillis: 0,
          temporality: 'low_memory',
          histogram: 'base2_exponential_bucket_histogram',
          caFile: '/ca.pem',
          certFile: '/c.pem',
          keyFile: '/k.pem',
        },
      },
    },
    expect.objectContaining({ kind: 'periodic', exporter: { kind: 'otlp', protocol: 'grpc', file: expect.objectContaining({ endpoint: 'collector:4317', insecure: true }) } }),
    expect.objectContaining({ kind: 'periodic', exporter: { kind: 'console', temporality: 'delta', histogram: undefined } }),
    expect.objectContaining({ kind: 'prometheus', host: '0.0.0.0', port: 9465, withoutTargetInfo: true, resourceConstantLabels: { included: ['service.*'], excluded: undefined } }),
  ]);
  expect(plan.views[0]).toEqual({
    instrumentName: 'http.*',
    instrumentType: InstrumentType.HISTOGRAM,
    instrumentUnit: 's',
    meterName: 'm',
    meterVersion: '1',
    meterSchemaUrl: 'u',
    name: 'renamed',
    description: 'd',
    aggregationCardinalityLimit: 10,
    aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2, 3], recordMinMax: false } },
    attributeKeys: { allow: ['a', 'b'], deny: ['b'] },
  });
  expect(plan.views[1]!.aggregation).toEqual({ type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxScale: 10, maxSize: 80 } });
});

test('attribute_keys with wildcards filters keys by pattern, excluded winning', () => {
  const plan = ok(`
file_format: "1.0"
meter_provider:
  readers: [{ periodic: { exporter: { console: } } }]
  views:
    - selector: { instrument_name: x }
      stream: { attribute_keys: { included: ["http.*"], excluded: ["http.request.*"] } }
`);
  const processor = plan.views[0]!.attributesProcessors![0]!;
  expect(processor.process({ 'http.route': '/', 'http.request.method': 'GET', user: 'u' })).toEqual({ 'http.route': '/' });
});

test.each<[string, string, string]>([
  ['unknown field with a suggestion', 'meter_provider:\n  readers: [{ periodic: { intervall: 5, exporter: { console: } } }]', 'meter_provider.readers[0].periodic.intervall: unknown field (did you mean "interval"?)'],
  ['wrong type', 'meter_provider:\n  readers: [{ periodic: { interval: fast, exporter: { console: } } }]', 'meter_provider.readers[0].periodic.interval: expected an integer >= 0, got "fast"'],
  ['two exporters in one reader', 'meter_provider:\n  readers: [{ periodic: { exporter: { console: , otlp_http: } } }]', 'meter_provider.readers[0].periodic.exporter: expected exactly one of'],
  ['unknown exporter', 'meter_provider:\n  readers: [{ periodic: { exporter: { zipkin: } } }]', 'meter_provider.readers[0].periodic.exporter.zipkin: unknown field'],
  ['missing readers', 'meter_provider: { views: [] }', 'meter_provider.readers: required'],
  ['bad enum with suggestion', 'meter_provider:\n  readers: [{ periodic: { exporter: { otlp_http: { temporality_preference: deltta } } } }]', 'otlp_http.temporality_preference: expected one of cumulative, delta, low_memory, got "deltta" (did you mean "delta"?)'],
  ['port out of range', 'meter_provider:\n  readers: [{ pull: { exporter: { prometheus/development: { port: 70000 } } } }]', 'prometheus/development.port: expected an integer between 0 and 65535'],
  ['cardinality limit 0', 'meter_provider:\n  readers: [{ periodic: { cardinality_limits: { counter: 0 }, exporter: { console: } } }]', 'cardinality_limits.counter: expected an integer >= 1'],
  ['view without stream', 'meter_provider:\n  readers: [{ periodic: { exporter: { console: } } }]\n  views: [{ selector: { instrument_name: a } }]', 'meter_provider.views[0].stream: required'],
  ['boundaries not increasing', 'meter_provider:\n  readers: [{ periodic: { exporter: { console: } } }]\n  views: [{ selector: { instrument_name: a }, stream: { aggregation: { explicit_bucket_histogram: { boundaries: [2, 1] } } } }]', 'explicit_bucket_histogram.boundaries: must be strictly increasing'],
  ['attribute value of the wrong type', 'resource:\n  attributes: [{ name: n, value: abc, type: int }]', 'resource.attributes[0].value: expected a value of type int, got "abc"'],
  ['mTLS half set', 'meter_provider:\n  readers: [{ periodic: { exporter: { otlp_grpc: { tls: { key_file: /k } } } } }]', 'otlp_grpc.tls: key_file and cert_file go together'],
])('%s', (_name, body, message) => {
  const found = errors(`file_format: "1.0"\n${body}\n`);
  expect(found.join('\n')).toContain(message);
});

test('file_format is required and must be 1.x', () => {
  expect(errors('meter_provider: { readers: [{ periodic: { exporter: { console: } } }] }\n').join()).toContain('file_format: required');
  expect(errors('file_format: "0.3"\n').join()).toContain('file_format: "0.3" is not supported');
});

test('every error of a file is reported at once', () => {
  const found = errors('file_format: "1.0"\ndisabled: maybe\nmeter_provider:\n  readers: [{ periodic: { interval: -1, exporter: { console: { temporality_preference: x } } } }]\n');
  expect(found).toHaveLength(3);
});

test('disabled: true, and a file without meter_provider, turn metrics off', () => {
  expect(ok('file_format: "1.0"\ndisabled: true\nmeter_provider: { readers: [{ periodic: { exporter: { console: } } }] }\n').disabled).toBe(true);
  expect(ok('file_format: "1.0"\ntracer_provider: {}\n').disabled).toBe(true);
});

test('accepted without effect: other signals, experimental fields are notes, not errors; exemplar_filter goes into the plan', () => {
  const result = planOf('file_format: "1.0"\ntracer_provider: {}\nmeter_provider:\n  exemplar_filter: always_on\n  readers: [{ periodic: { exporter: { otlp_file/development: } } }]\n');
  expect('plan' in result && result.notes.join('\n')).toMatch(/tracer_provider/);
  expect('plan' in result && result.notes.join('\n')).not.toMatch(/exemplar/);
  expect('plan' in result && result.plan.exemplarFilter).toBe('always_on');
  expect('plan' in result && result.plan.readers).toEqual([]);
  const invalid = planOf('file_format: "1.0"\nmeter_provider:\n  exemplar_filter: always\n  readers: [{ periodic: { exporter: { console: } } }]\n');
  expect('errors' in invalid && invalid.errors.join('\n')).toMatch(/meter_provider.exemplar_filter.*expected one of always_on, always_off, trace_based/);
});

test('resource detectors from the file: host, process and service (service.name from OTEL_SERVICE_NAME)', () => {
  const plan = ok('file_format: "1.0"\nresource:\n  detection/development:\n    detectors: [{ host: }, { process: }, { service: }]\n', { OTEL_SERVICE_NAME: 'from-env' });
  expect(plan.resource.attributes).toMatchObject({
    'service.name': 'from-env',
    'host.name': expect.any(String),
    'os.type': expect.any(String),
    'process.pid': process.pid,
    'service.instance.id': expect.any(String),
  });
});

test('log_level sets the diag level (SeverityNumber names), a bad one names the path', () => {
  expect(ok('file_format: "1.0"\nlog_level: debug2\nmeter_provider: { readers: [{ periodic: { exporter: { console: } } }] }\n').logLevel).toBe('debug');
  expect(ok('file_format: "1.0"\nlog_level: fatal\nmeter_provider: { readers: [{ periodic: { exporter: { console: } } }] }\n').logLevel).toBe('error');
  expect(errors('file_format: "1.0"\nlog_level: loud\n').join()).toContain('log_level: expected one of trace, trace2');
});
