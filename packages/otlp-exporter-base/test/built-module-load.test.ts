// The built packages load in both module systems, in a real node process: `import()` of the
// .mjs files and `require()` of the .js files. Jest, tsc and attw never run the built ESM, which
// is how `import('@meterkit/exporter-otlp-http')` once crashed in native ESM with "protobuf.Type
// is not a constructor" (a CommonJS dependency imported as a namespace). Needs `pnpm build`
// first, as .ci/run does.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const PACKAGES = [
  { name: '@meterkit/otlp-exporter-base', dir: 'otlp-exporter-base', exportName: 'PROTOBUF_METRICS_SERIALIZER' },
  { name: '@meterkit/exporter-otlp-http', dir: 'exporter-otlp-http', exportName: 'OTLPMetricExporter' },
  { name: '@meterkit/exporter-otlp-grpc', dir: 'exporter-otlp-grpc', exportName: 'OTLPMetricExporter' },
];

function runNode(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(PACKAGES)('built $name', ({ name, dir, exportName }) => {
  const cwd = path.resolve(__dirname, '..', '..', dir);

  beforeAll(() => {
    for (const file of ['dist/index.mjs', 'dist/index.js']) {
      if (!fs.existsSync(path.join(cwd, file))) throw new Error(`${name}: ${file} is missing; run \`npx -y pnpm@10 build\` first`);
    }
  });

  test('import() in native ESM', async () => {
    const script = `const m = await import(${JSON.stringify(name)}); if (typeof m.${exportName} === 'undefined') throw new Error('missing export'); console.log('loaded', typeof m.${exportName});`;
    const result = await runNode(['--input-type=module', '-e', script], cwd);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/^loaded (object|function)$/);
    expect(result.code).toBe(0);
  });

  test('require() in CommonJS', async () => {
    const script = `const m = require(${JSON.stringify(name)}); if (typeof m.${exportName} === 'undefined') throw new Error('missing export'); console.log('loaded', typeof m.${exportName});`;
    const result = await runNode(['-e', script], cwd);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/^loaded (object|function)$/);
    expect(result.code).toBe(0);
  });
});

test('an exporter built as ESM encodes and sends (the encoder runs in the .mjs build)', async () => {
  const cwd = path.resolve(__dirname, '..', '..', 'exporter-otlp-http');
  const script = `
    import http from 'node:http';
    import { OTLPMetricExporter } from '@meterkit/exporter-otlp-http';
    const server = http.createServer((req, res) => { let n = 0; req.on('data', (c) => (n += c.length)); req.on('end', () => { console.log('received', n > 20); res.end(); }); });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const exporter = new OTLPMetricExporter({ url: 'http://127.0.0.1:' + server.address().port + '/v1/metrics' });
    const now = [1700000000, 0];
    const metrics = { resource: { attributes: { 'service.name': 'esm' } }, scopeMetrics: [{ scope: { name: 's' }, metrics: [{ descriptor: { name: 'c', description: '', unit: '', valueType: 1 }, aggregationTemporality: 1, dataPointType: 3, isMonotonic: true, dataPoints: [{ startTime: now, endTime: now, attributes: { a: 'b' }, value: 1 }] }] }] };
    const result = await new Promise((r) => exporter.export(metrics, r));
    console.log('code', result.code);
    await exporter.shutdown();
    server.close();
  `;
  const result = await runNode(['--input-type=module', '-e', script], cwd);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('received true');
  expect(result.stdout).toContain('code 0');
});

test('requiring the HTTP exporter loads neither http, https (tls, crypto) nor zlib until they are used', async () => {
  const cwd = path.resolve(__dirname, '..', '..', 'exporter-otlp-http');
  const script = `require('@meterkit/exporter-otlp-http'); console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http|https|tls|zlib)$/.test(m))));`;
  const result = await runNode(['-e', script], cwd);
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual([]);
});
