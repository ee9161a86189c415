// publint --strict and @arethetypeswrong/cli on every tarball; any finding fails the check.
// publint reads an extracted copy of the tarball with packing turned off, so it sees exactly
// the published files.
'use strict';
const fs = require('fs');
const path = require('path');
const { run, tail } = require('./run');

async function checkTarballLints(packed, workDir, bins) {
  const findings = [];
  await Promise.all(
    packed.map(async (p) => {
      const extracted = path.join(workDir, 'extracted', p.name.replace(/[@/]/g, '_'));
      fs.mkdirSync(extracted, { recursive: true });
      const untar = await run('tar', ['-xzf', p.tarball, '-C', extracted]);
      if (untar.code !== 0) {
        findings.push({ id: `untar ${p.name}`, message: untar.stderr });
        return;
      }
      const publint = await run(process.execPath, [bins.publint, '--strict', '--pack', 'false', path.join(extracted, 'package')], { timeoutMs: 60_000 });
      // publint prints "All good!" with nothing to report; anything else is a finding.
      if (publint.code !== 0 || !/All good/.test(publint.stdout)) {
        findings.push({ id: `publint ${p.name}`, message: tail(publint.stdout + publint.stderr, 20) });
      }
      const attw = await run(process.execPath, [bins.attw, p.tarball, '--format', 'ascii'], { timeoutMs: 60_000 });
      if (attw.code !== 0) findings.push({ id: `attw ${p.name}`, message: tail(attw.stdout + attw.stderr, 30) });
    }),
  );
  return findings;
}

module.exports = { checkTarballLints };
