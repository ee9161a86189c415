// The built package must load with both `require` and `import` from a plain Node app
// outside the workspace. The app gets a copy of the package (package.json + dist) and the
// package's runtime dependencies, nothing else.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const packageDir = path.resolve(__dirname, '..');
const dist = path.join(packageDir, 'dist');
const built = fs.existsSync(path.join(dist, 'index.js')) && fs.existsSync(path.join(dist, 'index.mjs'));

(built ? describe : describe.skip)('packaging (requires `pnpm build`)', () => {
  let app: string;

  beforeAll(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'meterkit-plain-app-'));
    const target = path.join(app, 'node_modules', '@meterkit', 'sdk-metrics-core');
    fs.mkdirSync(target, { recursive: true });
    fs.copyFileSync(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
    fs.cpSync(dist, path.join(target, 'dist'), { recursive: true });
    // Direct dependencies only; theirs resolve from their real (pnpm store) location.
    const deps = ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/resources'];
    for (const dep of deps) {
      const resolved = fs.realpathSync(path.join(packageDir, 'node_modules', dep));
      fs.mkdirSync(path.dirname(path.join(app, 'node_modules', dep)), { recursive: true });
      fs.symlinkSync(resolved, path.join(app, 'node_modules', dep), 'dir');
    }
  });

  afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

  const program = `
    const counter = provider.getMeter('plain').createCounter('c');
    counter.add(2, { k: 'v' });
    reader.collect().then(({ resourceMetrics }) => {
      console.log(JSON.stringify(resourceMetrics.scopeMetrics[0].metrics[0].dataPoints[0].value), resourceMetrics.resource.attributes['service.name']);
    });`;
  const setup = `
    class Reader extends MetricReader { async onShutdown() {} async onForceFlush() {} }
    const reader = new Reader();
    const provider = new MeterProvider({ readers: [reader] });`;

  it('works with require()', () => {
    const out = execFileSync(process.execPath, ['-e', `const { MeterProvider, MetricReader } = require('@meterkit/sdk-metrics-core');${setup}${program}`], { cwd: app });
    expect(out.toString().trim()).toMatch(/^2 unknown_service:/);
  });

  // @opentelemetry/resources is loaded on first use (src/util/default-resource.ts).
  it('require() loads @opentelemetry/resources only when a provider builds the default resource', () => {
    const loaded = `Object.keys(require.cache).some((file) => file.includes('@opentelemetry/resources'))`;
    const script = `const { MeterProvider } = require('@meterkit/sdk-metrics-core'); const before = ${loaded}; new MeterProvider(); console.log(before, ${loaded});`;
    expect(execFileSync(process.execPath, ['-e', script], { cwd: app }).toString().trim()).toBe('false true');
  });

  it('works with import', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { MeterProvider, MetricReader } from '@meterkit/sdk-metrics-core';${setup}${program}`],
      { cwd: app },
    );
    expect(out.toString().trim()).toMatch(/^2 unknown_service:/);
  });

  it('ships type declarations for both entry points', () => {
    expect(fs.existsSync(path.join(dist, 'index.d.ts'))).toBe(true);
    expect(fs.existsSync(path.join(dist, 'index.d.mts'))).toBe(true);
  });
});
