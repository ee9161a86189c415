// Compiles a TypeScript consumer of every package under `strict`, with skipLibCheck off (so
// the shipped declarations are checked too), for moduleResolution node16, nodenext and
// bundler, from a CommonJS file (.cts) and an ES module file (.mts).
'use strict';
const fs = require('fs');
const path = require('path');
const { run, tail } = require('./run');

const SETTINGS = [
  { moduleResolution: 'node16', module: 'node16' },
  { moduleResolution: 'nodenext', module: 'nodenext' },
  { moduleResolution: 'bundler', module: 'esnext' },
];

function consumerSource(names) {
  const imports = names.map((n, i) => `import * as p${i} from '${n}';`).join('\n');
  const uses = names.map((n, i) => `  p${i},`).join('\n');
  // One typed use of the umbrella and core on top of the namespace imports, when present.
  const typed = names.includes('@meterkit/sdk-metrics')
    ? `
import { MeterProvider, type ViewOptions } from '@meterkit/sdk-metrics';
const views: ViewOptions[] = [{ instrumentName: 'http.*', aggregationCardinalityLimit: 100 }];
export const provider: MeterProvider = new MeterProvider({ views });
`
    : '';
  return `${imports}\n${typed}\nexport const all = [\n${uses}\n];\n`;
}

async function checkTypeScriptConsumer(appDir, names, tscBin) {
  const dir = path.join(appDir, 'ts-consumer');
  fs.mkdirSync(dir, { recursive: true });
  const source = consumerSource(names);
  fs.writeFileSync(path.join(dir, 'consumer.cts'), source);
  fs.writeFileSync(path.join(dir, 'consumer.mts'), source);
  const findings = [];
  for (const s of SETTINGS) {
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: 'es2022',
        lib: ['es2022'],
        types: ['node'],
        module: s.module,
        moduleResolution: s.moduleResolution,
      },
      files: s.moduleResolution === 'bundler' ? ['consumer.mts'] : ['consumer.cts', 'consumer.mts'],
    };
    const tsconfig = path.join(dir, `tsconfig.${s.moduleResolution}.json`);
    fs.writeFileSync(tsconfig, JSON.stringify(config, null, 2));
    const r = await run(process.execPath, [tscBin, '-p', tsconfig], { cwd: dir, timeoutMs: 180_000 });
    if (r.code !== 0) findings.push({ id: `tsc ${s.moduleResolution}`, message: tail(r.stdout + r.stderr, 20) });
  }
  return findings;
}

module.exports = { checkTypeScriptConsumer };
