// Makes the fresh consumer app: a plain folder outside the workspace with its own
// package.json, into which npm installs every tarball at once (one install keeps the whole
// check within minutes), plus what a user would add beside them.
'use strict';
const fs = require('fs');
const path = require('path');
const { run, tail } = require('./run');

/**
 * Third-party packages the app installs beside the tarballs: the API at the version under
 * test, the resource package the READMEs import, prom-client for the reader's merge example,
 * and Node's types for the TypeScript consumer.
 */
function appExtras(apiVersion) {
  return {
    '@opentelemetry/api': apiVersion,
    '@opentelemetry/resources': '2.12.1',
    'prom-client': '^15.1.3',
    '@types/node': '^20.17.0',
  };
}

async function installApp(appDir, packed, apiVersion) {
  fs.mkdirSync(appDir, { recursive: true });
  const dependencies = { ...appExtras(apiVersion) };
  for (const p of packed) dependencies[p.name] = `file:${p.tarball}`;
  fs.writeFileSync(
    path.join(appDir, 'package.json'),
    JSON.stringify({ name: 'meterkit-pack-check-app', version: '0.0.0', private: true, dependencies }, null, 2),
  );
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appDir, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`npm install of the tarballs failed:\n${tail(r.stdout + r.stderr, 30)}`);
  return JSON.parse(fs.readFileSync(path.join(appDir, 'package-lock.json'), 'utf8'));
}

module.exports = { installApp, appExtras };

/**
 * Moves the app to another @opentelemetry/api version. @opentelemetry/core and resources 2.x
 * declare `@opentelemetry/api <1.10.0` as a peer, so npm refuses 1.10 unless the app
 * overrides the API version, which is what a user on 1.10 does today (README of the check).
 */
async function reinstallWithApi(appDir, apiVersion) {
  const file = path.join(appDir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  manifest.dependencies['@opentelemetry/api'] = apiVersion;
  manifest.overrides = { '@opentelemetry/api': '$@opentelemetry/api' };
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appDir, timeoutMs: 300_000 });
  if (r.code !== 0) return [{ id: `install api ${apiVersion}`, message: tail(r.stdout + r.stderr, 30) }];
  const installed = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', '@opentelemetry', 'api', 'package.json'), 'utf8')).version;
  return installed === apiVersion ? [] : [{ id: `install api ${apiVersion}`, message: `installed ${installed} instead` }];
}

module.exports.reinstallWithApi = reinstallWithApi;
