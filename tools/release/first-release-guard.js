#!/usr/bin/env node
// Release guard for the first-release policy (docs/releasing.md): a package that has never
// been published ships as the version in its package.json with the hand-written CHANGELOG
// entry, so no pending changeset may name it (`changeset version` would bump it and list
// pre-release work as "Patch Changes"). Asks the npm registry which packages are published.
// Usage: node tools/release/first-release-guard.js   (exit 1 with the list to fold in)
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const changesetDir = path.join(root, '.changeset');

/** Package names in a changeset's front matter. */
function packagesOf(text) {
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!front) return [];
  return [...front[1].matchAll(/^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)].map((m) => m[1]);
}

function isPublished(name) {
  try {
    execFileSync('npm', ['view', name, 'version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    return true;
  } catch {
    return false; // E404: never published
  }
}

const pending = fs.readdirSync(changesetDir).filter((f) => f.endsWith('.md') && f !== 'README.md');
const unpublished = new Map();
const problems = [];
for (const file of pending) {
  for (const name of packagesOf(fs.readFileSync(path.join(changesetDir, file), 'utf8'))) {
    if (!unpublished.has(name)) unpublished.set(name, !isPublished(name));
    if (unpublished.get(name)) problems.push(`.changeset/${file} names ${name}, which has never been published`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error('Fold these into the package\'s first CHANGELOG.md entry and delete the changesets (docs/releasing.md).');
  process.exit(1);
}
console.log(`first-release guard: ${pending.length} pending changeset(s), none for an unpublished package`);
