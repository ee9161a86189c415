// The pack check's pure parts, on small fixtures: which README blocks run and how they are
// rewritten, the dependency-declaration and manifest rules, and the footprint closure. The
// whole check runs in .ci/run on the real tarballs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/* eslint-disable @typescript-eslint/no-require-imports */
const { extractExamples, toModule, pointAtSink } = require('../src/readme-examples');
const { checkDeclaredImports } = require('../src/declared-imports');
const { checkManifest } = require('../src/manifest');
const { closure, checkFootprints } = require('../src/footprint');

const fence = '```';

describe('README examples', () => {
  const readme = [
    '# @x/pkg',
    `${fence}sh`, 'npm install @x/pkg', fence,
    `${fence}ts`, "import { a } from '@x/pkg';", 'a();', fence,
    `${fence}ts`, "import type { T } from '@x/pkg';", 'const t: T = 1;', fence,
    `${fence}ts`, 'b(); // fragment relying on an earlier block', fence,
    '<!-- pack-check: skip (needs express) -->',
    `${fence}ts`, "import express from 'express';", "import { a } from '@x/pkg';", fence,
    `${fence}js`, "const { a, b: c } = require('@x/pkg');", fence,
  ].join('\n');

  it('runs blocks that import a value from the package, and honours the skip marker', () => {
    const examples = extractExamples(readme, '@x/pkg');
    expect(examples.map((e: { line: number; skipped: boolean }) => [e.line, e.skipped])).toEqual([
      [5, false],
      [17, true],
      [21, false],
    ]);
  });

  it('turns a CommonJS example into ESM and wraps CommonJS bodies for top-level await', () => {
    const esm = toModule("const { a, b: c } = require('@x/pkg');\nawait a(c);", 'esm');
    expect(esm).toContain("import { a, b as c } from '@x/pkg';");
    const whole = toModule("const cluster = require('node:cluster');\nconst { a } = require('@x/pkg');\na(cluster);", 'esm');
    expect(whole).toContain("import cluster from 'node:cluster';");
    expect(whole).not.toContain('require(');
    const cjs = toModule("import { a } from '@x/pkg';\nawait a();", 'cjs');
    expect(cjs.startsWith('(async () => {')).toBe(true);
    expect(cjs).toContain("require(\"@x/pkg\")");
    expect(cjs).toContain('pack-check: example body done');
  });

  it('points the default receiver addresses at the sink', () => {
    const sink = { httpUrl: 'http://127.0.0.1:1111', grpcAddress: '127.0.0.1:2222' };
    const code = "url: 'http://localhost:4318/v1/metrics'; grpc: 'http://localhost:4317'; new R({ port: 9464 })";
    expect(pointAtSink(code, sink)).toBe("url: 'http://127.0.0.1:1111/v1/metrics'; grpc: 'http://127.0.0.1:2222'; new R({ port: 0 })");
  });
});

describe('package rules', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-check-test-'));
    fs.mkdirSync(path.join(dir, 'dist'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);

  it('flags an import missing from the dependencies and a dependency nothing imports', () => {
    write('package.json', JSON.stringify({ name: '@x/views', dependencies: { '@x/core': '1', unused: '1' }, peerDependencies: { '@opentelemetry/api': '^1.9.0' } }));
    write('dist/index.js', "const core = require('@x/core'); const api = require('@opentelemetry/api'); require('node:fs'); require('http'); require('./local');");
    write('dist/index.d.ts', "import { InstrumentationScope } from '@opentelemetry/core';\nexport type X = import('@opentelemetry/api').Attributes;");
    expect(checkDeclaredImports(dir)).toEqual([
      "@x/views: dist/index.d.ts imports '@opentelemetry/core', which is not in dependencies or peerDependencies",
      "@x/views: declares the dependency 'unused' but no shipped file imports it",
    ]);
  });

  it('flags missing metadata, LICENSE and sideEffects entries that are not shipped', () => {
    write('package.json', JSON.stringify({ name: '@x/p', license: 'Apache-2.0', sideEffects: ['./dist/index.js', './src/index.ts'] }));
    write('dist/index.js', '');
    const findings: string[] = checkManifest(dir);
    expect(findings).toEqual(expect.arrayContaining([
      '@x/p: package.json has no "repository"',
      '@x/p: package.json has no "type"',
      '@x/p: package.json has no "publishConfig"',
      '@x/p: the tarball has no LICENSE file',
      '@x/p: sideEffects names ./src/index.ts, which the tarball does not ship',
    ]));
    expect(findings.some((f) => f.includes('./dist/index.js'))).toBe(false);
  });
});

describe('footprint', () => {
  // a -> b (nested copy under a) and c; c -> b (the hoisted copy); peer p; d is not reachable.
  const lock = {
    packages: {
      '': {},
      'node_modules/a': { dependencies: { b: '2', c: '1' }, peerDependencies: { p: '1', q: '1' }, peerDependenciesMeta: { q: { optional: true } } },
      'node_modules/a/node_modules/b': {},
      'node_modules/b': {},
      'node_modules/c': { dependencies: { b: '1' } },
      'node_modules/p': {},
      'node_modules/q': {},
      'node_modules/d': {},
    },
  };

  it('follows Node resolution from each package, peers included, optional peers not', () => {
    expect(closure(lock, 'node_modules/a').sort()).toEqual(['node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/b', 'node_modules/c', 'node_modules/p']);
  });

  it('fails on a forbidden package unless allowed for that package, and on a budget overrun', () => {
    const measured = [
      { name: 'a', packages: 5, bytes: 100, contents: ['a', 'sdk'] },
      { name: 'b', packages: 9, bytes: 100, contents: ['b', 'sdk'] },
      { name: 'c', packages: 1, bytes: 1, contents: ['c'] },
    ];
    const budget = { forbidden: ['sdk'], allowForbidden: { b: ['sdk'] }, packages: { a: { maxPackages: 5, maxBytes: 99 }, b: { maxPackages: 8, maxBytes: 100 } } };
    expect(checkFootprints(measured, budget).map((f: { id: string }) => f.id)).toEqual([
      'footprint a forbidden',
      'footprint a bytes',
      'footprint b packages',
      'footprint c budget',
    ]);
  });
});
