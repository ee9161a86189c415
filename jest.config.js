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
  // CI must end: a handle a test leaves open (a MessagePort, a child's IPC channel) would
  // otherwise keep jest alive after it has written its results, and the run would hang until
  // CI's own limit. Tests that care about exit behaviour run in child processes of their own.
  forceExit: true,
};
