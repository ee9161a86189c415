// The newcomer's service as a native ES module, written from the READMEs only: the root quick
// start as printed there (ESM imports, createView, OTLP/HTTP, Prometheus, diag logger) and
// bind() from the core README. Same service and requests as service.cjs.
import http from 'node:http';
import { diag, DiagConsoleLogger, DiagLogLevel, metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, bind } from '@meterkit/sdk-metrics-core';
import { createView } from '@meterkit/views';
import { OTLPMetricExporter } from '@meterkit/exporter-otlp-http';
import { PrometheusReader } from '@meterkit/reader-prometheus';

diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);

const prometheus = new PrometheusReader({ host: '127.0.0.1', port: 0 });
const provider = new MeterProvider({
  views: [createView({ instrumentName: 'traffic_volume', name: 'request_count' })],
  readers: [
    new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: 10_000 }),
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
  const route = req.url === '/hello' ? '/hello' : 'unmatched';
  if (route === '/hello') hello.add(1);
  else traffic.add(1, { 'http.route': route });
  res.statusCode = route === '/hello' ? 200 : 404;
  res.end(route === '/hello' ? 'hello\n' : '');
  duration.record((performance.now() - start) / 1000, { 'http.route': route });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

for (let i = 0; i < 5; i++) await (await fetch(`http://127.0.0.1:${port}/hello`)).text();
await (await fetch(`http://127.0.0.1:${port}/nope`)).text();

const { url } = await prometheus.ready;
const exposition = await (await fetch(url)).text();
if (!/^request_count(_total)?\{[^}]*http_route="\/hello"[^}]*\} 5$/m.test(exposition)) {
  throw new Error(`Prometheus endpoint lacks request_count 5 for /hello:\n${exposition}`);
}

server.close();
await provider.shutdown();
console.log('NEWCOMER OK');
