#!/usr/bin/env node
// pack-check: proves the published shape of every public package from its tarball, outside
// the workspace (see ../README.md for what is checked and the README example convention).
// Usage: node tools/pack-check/src/cli.js [--keep] [--update-budget]
// Exit status 1 when any check has a finding not listed in ../known-failures.json.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { discoverPackages, packAll } = require('./packages');
const { installApp, reinstallWithApi } = require('./install');
const { checkDeclaredImports } = require('./declared-imports');
const { checkManifest } = require('./manifest');
const { checkLoad } = require('./load');
const { checkReadmeExamples } = require('./readme-examples');
const { checkTypeScriptConsumer } = require('./typescript-consumer');
const { checkTarballLints } = require('./lint-tarballs');
const { measureFootprints, checkFootprints, budgetFrom, formatTable } = require('./footprint');

const toolDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(toolDir, '..', '..');
const OLDEST_API = '1.9.0';
const NEWEST_API = '1.10.0';

function bin(pkg, relative) {
  // The tool's own node_modules (some of these packages do not export ./package.json).
  return path.join(toolDir, 'node_modules', pkg, relative);
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meterkit-pack-check-'));
  const appDir = path.join(work, 'app');
  const knownFailures = JSON.parse(fs.readFileSync(path.join(toolDir, 'known-failures.json'), 'utf8')).failures;
  const budgetFile = path.join(toolDir, 'footprint-budget.json');
  const budget = JSON.parse(fs.readFileSync(budgetFile, 'utf8'));
  const findings = [];
  const known = (id) => Object.keys(knownFailures).some((k) => id === k || id.startsWith(`${k} `) || id.startsWith(`${k}:`));
  const step = async (title, fn) => {
    const t = Date.now();
    const found = (await fn()) ?? [];
    findings.push(...found);
    const fresh = found.filter((f) => !known(f.id)).length;
    const listed = found.length - fresh;
    const verdict = fresh === 0 ? 'ok' : `${fresh} finding(s)`;
    console.log(`pack-check: ${title}: ${verdict}${listed > 0 ? ` (+${listed} listed in known-failures.json)` : ''} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  };

  const { startOtlpSink } = require(require.resolve('@meterkit/otlp-sink', { paths: [toolDir] }));
  const sink = await startOtlpSink();
  try {
    const packages = discoverPackages(repoRoot);
    const names = packages.map((p) => p.name);
    console.log(`pack-check: ${names.length} public packages: ${names.join(', ')}`);
    const tarballs = path.join(work, 'tarballs');
    fs.mkdirSync(tarballs);
    const packed = await packAll(packages, tarballs);

    let lock;
    await step(`npm install of the tarballs with @opentelemetry/api ${OLDEST_API}`, async () => {
      lock = await installApp(appDir, packed, OLDEST_API);
    });
    await step('declared dependencies match what shipped files import', () =>
      names.flatMap((n) => checkDeclaredImports(path.join(appDir, 'node_modules', n)).map((message) => ({ id: `deps ${n}`, message }))),
    );
    await step('package.json fields, LICENSE, README and sideEffects', () =>
      names.flatMap((n) => checkManifest(path.join(appDir, 'node_modules', n)).map((message) => ({ id: `manifest ${n}`, message }))),
    );
    await step('require and import of every package', () => checkLoad(appDir, names));
    await step('README examples (ESM and CommonJS)', async () => {
      const r = await checkReadmeExamples(appDir, names, sink);
      console.log(`pack-check:   ${r.ran} example runs, ${r.skipped} example(s) marked skip`);
      return r.findings;
    });
    await step('TypeScript consumer (strict; node16, nodenext, bundler)', () => checkTypeScriptConsumer(appDir, names, bin('typescript', 'bin/tsc')));
    await step('publint --strict and attw on every tarball', () =>
      checkTarballLints(packed, work, { publint: bin('publint', 'src/cli.js'), attw: bin('@arethetypeswrong/cli', 'dist/index.js') }),
    );
    await step('install footprint', () => {
      const measured = measureFootprints(appDir, lock, names);
      console.log(formatTable(measured));
      if (args.has('--update-budget')) {
        fs.writeFileSync(budgetFile, JSON.stringify(budgetFrom(measured, budget), null, 2) + '\n');
        console.log(`pack-check: wrote ${path.relative(repoRoot, budgetFile)}`);
      }
      return checkFootprints(measured, budget);
    });

    await step(`reinstall with @opentelemetry/api ${NEWEST_API} (npm override)`, () => reinstallWithApi(appDir, NEWEST_API));
    await step(`require, import and README examples with @opentelemetry/api ${NEWEST_API}`, async () => {
      const load = await checkLoad(appDir, names);
      const examples = await checkReadmeExamples(appDir, names, sink, ` (api ${NEWEST_API})`);
      return [...load, ...examples.findings].map((f) => ({ ...f, id: `${f.id} api${NEWEST_API}` }));
    });
  } catch (error) {
    findings.push({ id: 'pack-check', message: error instanceof Error ? error.stack : String(error) });
  } finally {
    await sink.close();
  }

  const unexpected = findings.filter((f) => !known(f.id));
  const expected = findings.filter((f) => known(f.id));
  for (const f of expected) console.log(`pack-check: known failure (${knownFailures[Object.keys(knownFailures).find((k) => f.id.startsWith(k))]}): ${f.id}`);
  for (const k of Object.keys(knownFailures)) {
    if (!findings.some((f) => f.id === k || f.id.startsWith(`${k} `) || f.id.startsWith(`${k}:`))) {
      console.log(`pack-check: '${k}' in known-failures.json passes now: remove it`);
    }
  }
  for (const f of unexpected) console.log(`\npack-check: FAIL ${f.id}\n${f.message.replace(/^/gm, '    ')}`);
  if (args.has('--keep')) console.log(`pack-check: kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`pack-check: ${unexpected.length === 0 ? 'passed' : `${unexpected.length} failure(s)`}, ${expected.length} known failure(s), ${seconds} s`);
  process.exit(unexpected.length === 0 ? 0 : 1);
}

main();
