// One jest run for the whole workspace. Workspace packages are mapped to their TypeScript
// sources so tests never run against a stale build; ts-jest only transpiles (type checking
// is the `lint` task, `tsc --noEmit` per package).
const fs = require('fs');
const path = require('path');

const moduleNameMapper = {};
for (const group of ['packages', 'tools', 'examples']) {
  const dir = path.join(__dirname, group);
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    const pkgFile = path.join(dir, name, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    const src = path.join(dir, name, 'src', 'index.ts');
    if (!pkg.name || !fs.existsSync(src)) continue;
    const escaped = pkg.name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&');
    moduleNameMapper[`^${escaped}$`] = src;
    // Subpath exports ("./testing") map to src/<subpath>/index.ts or src/<subpath>.ts.
    for (const subpath of Object.keys(pkg.exports ?? {})) {
      if (subpath === '.' || subpath === './package.json') continue;
      const rel = subpath.slice(2);
      const candidates = [path.join(dir, name, 'src', rel, 'index.ts'), path.join(dir, name, 'src', `${rel}.ts`)];
      const found = candidates.find((c) => fs.existsSync(c));
      if (found) moduleNameMapper[`^${escaped}/${rel.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}$`] = found;
    }
  }
}

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{packages,tools,examples}/*/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false }],
  },
  testTimeout: 30000,
  // No forceExit: it would hide a handle left open, and a handle a test leaves open is often
  // one a user's process would keep too. A run exits by itself because every test closes what
  // it opens (servers, providers, sinks, proxies, children; in afterAll/afterEach or a finally),
  // and the packages' own handles do not hold a process: the periodic reader's timer is
  // unref'd, exporters close their agent or channel on shutdown(), the Prometheus reader's
  // server closes on shutdown(). Exit itself is tested in child processes (for example
  // periodic-reader-lifecycle.test.ts, the fault-proxy scenarios). Should a handle leak
  // anyway, the watchdog names it and fails the run rather than let CI hang.
  globalTeardown: '<rootDir>/jest.exit-watchdog.js',
};
