// Require hook for the fault tests' child processes and the soak: loads meterkit's TypeScript
// sources directly (transpiled with TypeScript's transpileModule, no type check), and maps
// every @meterkit/* workspace package to its src/index.ts, so a child process never runs a
// stale build, as jest does for the parent (jest.config.js).
const fs = require('fs');
const path = require('path');
const Module = require('module');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..', '..');
const sources = {};
for (const group of ['packages', 'tools']) {
  for (const name of fs.readdirSync(path.join(root, group))) {
    const pkgFile = path.join(root, group, name, 'package.json');
    const src = path.join(root, group, name, 'src', 'index.ts');
    if (!fs.existsSync(pkgFile) || !fs.existsSync(src)) continue;
    sources[JSON.parse(fs.readFileSync(pkgFile, 'utf8')).name] = src;
  }
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (Object.prototype.hasOwnProperty.call(sources, request)) return sources[request];
  return resolve.call(this, request, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};
