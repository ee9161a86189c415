#!/usr/bin/env node
// Newcomer check: does an app written only from the READMEs work when meterkit is installed
// the way a user installs it? Packs the packages into tarballs (`pnpm pack`), installs them
// with npm into a fresh app outside the workspace (no workspace links, no hoisting from the
// monorepo), type-checks the strict TypeScript variant against the packed declarations, runs
// the CommonJS, ESM and TypeScript variants of a small HTTP service, and checks that each one
// exported its metrics to a real OTLP receiver (tools/otlp-sink). Needs `pnpm build` first.
//
// Usage: node tools/newcomer-check/run.js   (NEWCOMER_KEEP=1 keeps the temp dir for a look)
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const knownFailures = require('./known-failures');

const ROOT = path.resolve(__dirname, '..', '..');
const APP_SOURCES = path.join(__dirname, 'app');
/** What the READMEs' install lines name, and so what the app installs. */
const PACKAGES = ['sdk-metrics-core', 'views', 'otlp-exporter-base', 'exporter-otlp-http', 'exporter-otlp-grpc', 'exporter-console', 'reader-prometheus'];
const REGISTRY_DEPS = ['@opentelemetry/api@~1.9.0', '@opentelemetry/resources@2.12.1', 'typescript@~5.9.3', '@types/node@^20'];
const REQUESTS_TO_HELLO = 5;
const RUN_TIMEOUT_MS = 90_000;

const started = Date.now();
const log = (message) => console.log(`newcomer-check: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

function run(command, args, options) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options });
}

/** Runs one variant; resolves with its output whatever the exit status. */
function runVariant(args, cwd, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function main() {
  for (const name of PACKAGES) {
    if (!fs.existsSync(path.join(ROOT, 'packages', name, 'dist'))) throw new Error(`packages/${name}/dist is missing: run \`npx -y pnpm@10 build\` first`);
  }
  const sinkModule = path.join(ROOT, 'tools', 'otlp-sink', 'dist', 'index.js');
  if (!fs.existsSync(sinkModule)) throw new Error('tools/otlp-sink/dist is missing: run `npx -y pnpm@10 build` first');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'meterkit-newcomer-'));
  const tarballs = path.join(tmp, 'tarballs');
  const app = path.join(tmp, 'app');
  const problems = [];
  const known = [];
  let sink;
  try {
    // 1. Pack, as a release would (workspace: ranges become version ranges).
    const filters = PACKAGES.flatMap((name) => ['--filter', `./packages/${name}`]);
    run('npx', ['-y', 'pnpm@10', '-r', ...filters, 'pack', '--pack-destination', tarballs], { cwd: ROOT });
    const files = fs.readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
    if (files.length !== PACKAGES.length) throw new Error(`expected ${PACKAGES.length} tarballs, got ${files.join(', ')}`);
    log(`packed ${files.length} packages`);

    // 2. A fresh app outside the workspace; npm, as the READMEs say.
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'newcomer-app', version: '1.0.0', private: true }, null, 2));
    for (const f of fs.readdirSync(APP_SOURCES)) fs.copyFileSync(path.join(APP_SOURCES, f), path.join(app, f));
    const installArgs = ['install', '--no-audit', '--no-fund', ...files.map((f) => path.join(tarballs, f)), ...REGISTRY_DEPS];
    const install = spawnSync('npm', installArgs, { cwd: app, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, npm_config_loglevel: 'warn' } });
    if (install.status !== 0) throw new Error(`npm install failed (${install.status ?? install.error}):\n${install.stdout}\n${install.stderr}`);
    // npm warns on stderr; a peer range the README's pins do not meet shows up here.
    const peerWarnings = `${install.stdout}\n${install.stderr}`.split('\n').filter((l) => /ERESOLVE|peer dep|conflicting peer|invalid peer|overriding peer/i.test(l));
    if (peerWarnings.length > 0) problems.push(`npm install printed peer warnings:\n${peerWarnings.join('\n')}`);
    log('installed the tarballs with npm');

    // 3. Strict TypeScript against the packed declarations.
    try {
      run(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app });
    } catch (error) {
      problems.push(`tsc (strict) failed on service.ts:\n${error.stdout}${error.stderr}`);
    }
    log('type-checked and compiled the TypeScript variant');

    // 4. Run each variant against a real OTLP receiver.
    const { startOtlpSink } = require(sinkModule);
    sink = await startOtlpSink();
    const variants = [
      { name: 'cjs', args: ['service.cjs'], endpoint: `${sink.httpUrl}/v1/metrics` },
      { name: 'esm', args: ['service.mjs'], endpoint: `${sink.httpUrl}/v1/metrics` },
      { name: 'ts', args: [path.join('out', 'service.js')], endpoint: `http://${sink.grpcAddress}` },
    ];
    for (const variant of variants) {
      if (variant.name === 'ts' && !fs.existsSync(path.join(app, 'out', 'service.js'))) continue;
      const variantStarted = Date.now();
      const result = await runVariant(variant.args, app, {
        OTEL_SERVICE_NAME: `newcomer-${variant.name}`,
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: variant.endpoint,
      });
      const output = `${result.stdout}\n${result.stderr}`;
      const knownFailure = knownFailures.find((k) => k.variant === variant.name && k.signature.test(output));
      if (result.code !== 0 || !result.stdout.includes('NEWCOMER OK')) {
        if (knownFailure !== undefined) {
          known.push(`${variant.name}: KNOWN FAILURE, ${knownFailure.issue} (${Date.now() - variantStarted} ms)`);
          continue;
        }
        problems.push(`${variant.name} variant exited with ${result.signal ?? result.code}:\n${output.slice(-4000)}`);
        continue;
      }
      if (/\[meterkit\]|export failed/i.test(output)) problems.push(`${variant.name} variant reported a failed export:\n${output.slice(-2000)}`);
      problems.push(...checkExported(sink, variant.name));
      if (variant.name === 'cjs') problems.push(...checkConsoleOutput(result.stdout));
      log(`ran the ${variant.name} variant`);
    }
  } finally {
    const closing = Date.now();
    await sink?.close();
    log(`closed the receiver in ${Date.now() - closing} ms`);
    if (process.env.NEWCOMER_KEEP === '1') log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const line of known) console.log(`newcomer-check: ${line}`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`newcomer-check: FAILED: ${p}\n`);
    return 1;
  }
  log('passed');
  return 0;
}

/** The variant's metrics as the receiver decoded them: the counter and the histogram. */
function checkExported(sink, variant) {
  const service = `newcomer-${variant}`;
  const points = sink.points().filter((p) => p.resource['service.name'] === service);
  const problems = [];
  const last = (name, route) =>
    points.filter((p) => p.name === name && p.attributes['http.route'] === route).at(-1);
  const hello = last('request_count', '/hello');
  if (hello?.value !== REQUESTS_TO_HELLO) problems.push(`${variant}: request_count{http.route=/hello} is ${hello?.value}, expected ${REQUESTS_TO_HELLO}`);
  const unmatched = last('request_count', 'unmatched');
  if (unmatched?.value !== 1) problems.push(`${variant}: request_count{http.route=unmatched} is ${unmatched?.value}, expected 1`);
  const duration = last('http.server.request.duration', '/hello');
  if (duration?.count !== REQUESTS_TO_HELLO) problems.push(`${variant}: http.server.request.duration{/hello} count is ${duration?.count}, expected ${REQUESTS_TO_HELLO}`);
  if (points.some((p) => p.name === 'traffic_volume')) problems.push(`${variant}: the view did not rename traffic_volume`);
  if (problems.length > 0) problems.push(`${variant}: received ${JSON.stringify(points.map((p) => [p.name, p.attributes, p.value ?? p.count]))}`);
  return problems;
}

/** The console exporter's JSON lines name the temporality. */
function checkConsoleOutput(stdout) {
  const docs = stdout.split('\n').filter((l) => l.startsWith('{"resource_metrics"')).map((l) => JSON.parse(l));
  const metrics = docs.flatMap((d) => d.resource_metrics.flatMap((r) => r.scope_metrics.flatMap((s) => s.metrics)));
  const count = metrics.find((m) => m.name === 'request_count');
  if (count?.data?.aggregation_temporality_name !== 'CUMULATIVE') return [`cjs: the console exporter printed no CUMULATIVE request_count (${JSON.stringify(count)})`];
  return [];
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`newcomer-check: FAILED: ${error.stack ?? error}`);
    process.exit(1);
  },
);
