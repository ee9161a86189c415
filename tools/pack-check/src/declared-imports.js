// Every package a shipped file imports (JavaScript or type declarations) must be declared in
// `dependencies` or `peerDependencies`, and every declared dependency must be imported by a
// shipped file. A flat npm install hides an undeclared one (it is hoisted from a sibling);
// pnpm without hoisting and Yarn PnP do not, so this is checked statically on the tarball.
'use strict';
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
const SHIPPED_CODE = /\.(c|m)?js$|\.d\.(c|m)?ts$/;

function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listFiles(full);
    return [full];
  });
}

/** Findings for one installed package directory (its files are exactly the tarball's). */
function checkDeclaredImports(installedDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const used = new Map(); // package name -> first file importing it
  for (const file of listFiles(installedDir).filter((f) => SHIPPED_CODE.test(f))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const name = packageNameOf(m[1]);
      if (name && name !== manifest.name && !used.has(name)) used.set(name, path.relative(installedDir, file));
    }
  }
  const findings = [];
  for (const [name, file] of used) {
    if (!declared.has(name)) findings.push(`${manifest.name}: ${file} imports '${name}', which is not in dependencies or peerDependencies`);
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!used.has(name)) findings.push(`${manifest.name}: declares the dependency '${name}' but no shipped file imports it`);
  }
  return findings;
}

module.exports = { checkDeclaredImports, packageNameOf };
