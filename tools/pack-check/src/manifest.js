// What a published package.json must carry and what it must not promise: the license text,
// the fields registries and tools read (repository, homepage, bugs, type, publishConfig), and
// `sideEffects` entries that name files actually in the tarball.
'use strict';
const fs = require('fs');
const path = require('path');

const REQUIRED_FIELDS = ['description', 'license', 'repository', 'homepage', 'bugs', 'type', 'engines', 'exports', 'publishConfig'];

/** Findings (strings) for one installed package directory. */
function checkManifest(installedDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
  const findings = [];
  for (const field of REQUIRED_FIELDS) {
    if (manifest[field] === undefined) findings.push(`${manifest.name}: package.json has no "${field}"`);
  }
  if (manifest.publishConfig && manifest.publishConfig.access !== 'public') {
    findings.push(`${manifest.name}: publishConfig.access is not "public" (a scoped package would publish as restricted)`);
  }
  if (!fs.existsSync(path.join(installedDir, 'LICENSE'))) findings.push(`${manifest.name}: the tarball has no LICENSE file`);
  else if (manifest.license === 'Apache-2.0' && !/Apache License\s+Version 2\.0/.test(fs.readFileSync(path.join(installedDir, 'LICENSE'), 'utf8'))) {
    findings.push(`${manifest.name}: LICENSE is not the Apache-2.0 text its "license" field names`);
  }
  if (!fs.existsSync(path.join(installedDir, 'README.md'))) findings.push(`${manifest.name}: the tarball has no README.md`);
  if (Array.isArray(manifest.sideEffects)) {
    for (const entry of manifest.sideEffects) {
      if (/[*?[{]/.test(entry)) continue; // a glob may legitimately match nothing yet
      if (!fs.existsSync(path.join(installedDir, entry))) findings.push(`${manifest.name}: sideEffects names ${entry}, which the tarball does not ship`);
    }
  }
  return findings;
}

module.exports = { checkManifest };
