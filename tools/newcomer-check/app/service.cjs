// The newcomer's service in CommonJS, written from the READMEs only: the root quick start
// (diag logger, views, OTLP/HTTP, Prometheus), bind() from the core README, plain view objects
// from the views README, the console exporter README's example. An HTTP service on node:http,
// driven by a few requests to itself, then shut down (the final export reaches the receiver).
const http = require('node:http');
const { diag, DiagConsoleLogger, DiagLogLevel, metrics } = require('@opentelemetry/api');
const { MeterProvider, PeriodicExportingMetricReader, bind } = require('@meterkit/sdk-metrics-core');
require('@meterkit/views'); // plain view objects, as the official SDK takes them
const { OTLPMetricExporter } = require('@meterkit/exporter-otlp-http');
const { PrometheusReader } = require('@meterkit/reader-prometheus');
const { ConsoleMetricExporter } = require('@meterkit/exporter-console');

diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);

const prometheus = new PrometheusReader({ host: '127.0.0.1', port: 0 });
const provider = new MeterProvider({
  views: [{ instrumentName: 'traffic_volume', name: 'request_count' }],
  readers: [
    // OTLP endpoint from OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, set by the check.
    new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: 10_000 }),
    new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter({ format: 'json' }), exportIntervalMillis: 60_000 }),
    prometheus,
  ],
});
metrics.setGlobalMeterProvider(provider);

const meter = metrics.getMeter('newcomer-service', '1.0.0');
const traffic = meter.createCounter('traffic_volume', { unit: '{request}' });
const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
const hello = bind(traffic, { 'http.route': '/hello' });

const server = http.createServer((req, res) => {
  const start = performance.now();
  if (req.url === '/hello') {
    hello.add(1);
    res.end('hello\n');
  } else {
    traffic.add(1, { 'http.route': 'unmatched' });
    res.statusCode = 404;
    res.end();
  }
  duration.record((performance.now() - start) / 1000, { 'http.route': req.url === '/hello' ? '/hello' : 'unmatched' });
});

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  for (let i = 0; i < 5; i++) await (await fetch(`http://127.0.0.1:${port}/hello`)).text();
  await (await fetch(`http://127.0.0.1:${port}/nope`)).text();

  const { url } = await prometheus.ready;
  const exposition = await (await fetch(url)).text();
  if (!/^request_count(_total)?\{[^}]*http_route="\/hello"[^}]*\} 5$/m.test(exposition)) {
    throw new Error(`Prometheus endpoint lacks request_count 5 for /hello:\n${exposition}`);
  }

  server.close();
  await provider.shutdown(); // one last export of every push reader
  console.log('NEWCOMER OK');
});
