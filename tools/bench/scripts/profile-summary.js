#!/usr/bin/env node
// Self time per function of a V8 .cpuprofile (node --cpu-prof), top N, for notes on what
// dominates a workload. Usage: node scripts/profile-summary.js <file.cpuprofile> [N]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [file, top = '15'] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.js <file.cpuprofile> [N]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
let total = 0;
for (const [id, count] of counts) {
  const { callFrame: f } = byId.get(id);
  const key = `${f.functionName || '(anonymous)'}  ${path.basename(f.url || '')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + count);
  total += count;
}
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
}
