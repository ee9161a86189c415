// `require` and `import` each package in a fresh node process from the consumer app, as a
// user's code would; both module systems must load and expose the same names.
'use strict';
const { run, tail } = require('./run');

const PRINT_CJS = (name) => `const m = require(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== '__esModule' && k !== 'default').sort()));`;
const PRINT_ESM = (name) => `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== '__esModule' && k !== 'default').sort()));`;

/** Returns [{ id, message }] findings. */
async function checkLoad(appDir, names) {
  const findings = [];
  await Promise.all(
    names.map(async (name) => {
      const [cjs, esm] = await Promise.all([
        run(process.execPath, ['-e', PRINT_CJS(name)], { cwd: appDir, timeoutMs: 30_000 }),
        run(process.execPath, ['--input-type=module', '-e', PRINT_ESM(name)], { cwd: appDir, timeoutMs: 30_000 }),
      ]);
      if (cjs.code !== 0) findings.push({ id: `require ${name}`, message: tail(cjs.stderr, 6) });
      if (esm.code !== 0) findings.push({ id: `import ${name}`, message: tail(esm.stderr, 6) });
      if (cjs.code === 0 && esm.code === 0 && cjs.stdout.trim() !== esm.stdout.trim()) {
        findings.push({ id: `exports ${name}`, message: `require and import expose different names:\n  require: ${cjs.stdout.trim()}\n  import:  ${esm.stdout.trim()}` });
      }
    }),
  );
  return findings;
}

module.exports = { checkLoad };
