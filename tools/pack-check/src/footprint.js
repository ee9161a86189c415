// Install footprint of each public package, measured from the one consumer install: the
// package's dependency closure (dependencies, peer and optional dependencies, resolved the
// way Node resolves them from each package's folder) in the app's package-lock.json, counted
// in packages and in bytes on disk. Fails when a closure holds a forbidden package
// (@opentelemetry/sdk-metrics: meterkit replaces it) or exceeds the budget in
// ../footprint-budget.json.
'use strict';
const fs = require('fs');
const path = require('path');

function resolveFrom(lock, fromPath, name) {
  // Node's lookup: fromPath/node_modules/name, then each parent's node_modules.
  let base = fromPath;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const idx = base.lastIndexOf('/node_modules/');
    base = idx === -1 ? '' : base.slice(0, idx);
  }
}

function closure(lock, rootPath) {
  const seen = new Set();
  const stack = [rootPath];
  while (stack.length > 0) {
    const at = stack.pop();
    if (seen.has(at)) continue;
    seen.add(at);
    const entry = lock.packages[at];
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional),
    ];
    for (const name of names) {
      const found = resolveFrom(lock, at, name);
      if (found) stack.push(found);
    }
  }
  return [...seen];
}

function bytesOf(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    total += e.isDirectory() ? bytesOf(full) : fs.statSync(full).size;
  }
  return total;
}

function packageNameAt(lockPath) {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

function measureFootprints(appDir, lock, names) {
  return names.map((name) => {
    const paths = closure(lock, `node_modules/${name}`);
    return {
      name,
      packages: paths.length,
      bytes: paths.reduce((sum, p) => sum + bytesOf(path.join(appDir, p)), 0),
      contents: paths.map(packageNameAt).sort(),
    };
  });
}

function checkFootprints(measured, budget) {
  const findings = [];
  for (const m of measured) {
    const limits = budget.packages[m.name];
    for (const forbidden of budget.forbidden) {
      if (m.contents.includes(forbidden) && !budget.allowForbidden?.[m.name]?.includes(forbidden)) {
        findings.push({ id: `footprint ${m.name} forbidden`, message: `installing it pulls in ${forbidden}` });
      }
    }
    if (!limits) {
      findings.push({ id: `footprint ${m.name} budget`, message: `no budget recorded in footprint-budget.json (measured ${m.packages} packages, ${m.bytes} bytes)` });
      continue;
    }
    if (m.packages > limits.maxPackages) findings.push({ id: `footprint ${m.name} packages`, message: `installs ${m.packages} packages, budget ${limits.maxPackages}` });
    if (m.bytes > limits.maxBytes) findings.push({ id: `footprint ${m.name} bytes`, message: `installs ${m.bytes} bytes, budget ${limits.maxBytes}` });
  }
  return findings;
}

/** A budget with the measured figures plus headroom (10 % bytes, 1 package), for --update-budget. */
function budgetFrom(measured, previous) {
  const packages = {};
  for (const m of measured) packages[m.name] = { maxPackages: m.packages + 1, maxBytes: Math.ceil((m.bytes * 1.1) / 1024) * 1024 };
  return { ...previous, packages };
}

function formatTable(measured) {
  const rows = measured.map((m) => `  ${m.name.padEnd(34)} ${String(m.packages).padStart(4)} packages ${(m.bytes / 1024).toFixed(0).padStart(7)} KiB`);
  return rows.join('\n');
}

module.exports = { measureFootprints, checkFootprints, budgetFrom, formatTable, closure };
