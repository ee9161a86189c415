// Finds the public packages (every packages/* whose package.json is not private, so packages
// added later are picked up) and packs each with `pnpm pack`, which rewrites workspace:
// ranges to real versions exactly as `changeset publish` will.
'use strict';
const fs = require('fs');
const path = require('path');
const { run, tail } = require('./run');

function discoverPackages(repoRoot) {
  const dir = path.join(repoRoot, 'packages');
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((d) => fs.existsSync(path.join(d, 'package.json')))
    .map((d) => ({ dir: d, manifest: JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private)
    .map((p) => ({ name: p.manifest.name, version: p.manifest.version, dir: p.dir }));
}

/** Packs each package into `destination`; returns the packages with their `tarball` path. */
async function packAll(packages, destination) {
  const packed = [];
  for (const pkg of packages) {
    const r = await run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', destination], { cwd: pkg.dir });
    const tarball = r.stdout.trim().split('\n').reverse().find((l) => l.trim().endsWith('.tgz'));
    if (r.code !== 0 || !tarball) throw new Error(`pnpm pack failed in ${pkg.dir}:\n${tail(r.stdout + r.stderr)}`);
    packed.push({ ...pkg, tarball: path.isAbsolute(tarball.trim()) ? tarball.trim() : path.join(destination, path.basename(tarball.trim())) });
  }
  return packed;
}

module.exports = { discoverPackages, packAll };
