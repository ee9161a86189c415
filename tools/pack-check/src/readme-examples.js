// Runs the examples of every package README, from the installed tarballs, once as an ES
// module (.mjs) and once as CommonJS (.cjs). The convention (see ../README.md):
// - a ```ts / ```js block that imports a value from the README's own package is an example;
//   `<!-- pack-check: skip (reason) -->` on the line before its fence opts it out;
// - addresses of the default receivers are pointed at a real OTLP sink (localhost:4318 HTTP,
//   localhost:4317 gRPC) and the Prometheus port at a free one;
// - the example runs like a service: kept alive 2 s, then sent SIGTERM as a process manager
//   would; it must exit with status 0. One that creates an OTLPMetricExporter must have
//   delivered at least one export to the sink by then.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { run, tail } = require('./run');

const FENCE = /^```(ts|typescript|js|javascript)\s*$/;
const SKIP = /<!--\s*pack-check:\s*skip\b/;
const SETTLE_MS = 2000;
let runCount = 0; // tags each run's exports
const BODY_DONE_MARKER = 'pack-check: example body done';
const BODY_DONE = `process.stderr.write(${JSON.stringify(`\n${BODY_DONE_MARKER}\n`)});`;

function extractExamples(readme, packageName) {
  const lines = readme.split('\n');
  const examples = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i])) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const code = body.join('\n');
    const quoted = packageName.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&');
    const importsValue = new RegExp(`^\\s*import\\s+(?!type\\b)[^;]*?from\\s*['"]${quoted}['"]|require\\(\\s*['"]${quoted}['"]\\s*\\)`, 'm').test(code);
    if (!importsValue) continue;
    const skipped = start > 0 && SKIP.test(lines[start - 1]);
    examples.push({ line: start + 1, code, skipped });
  }
  return examples;
}

function pointAtSink(code, sink) {
  return code
    .replace(/(localhost|127\.0\.0\.1):4318/g, sink.httpUrl.replace(/^https?:\/\//, ''))
    .replace(/(localhost|127\.0\.0\.1):4317/g, sink.grpcAddress)
    .replace(/port:\s*9464\b/g, 'port: 0');
}

/**
 * `const { a, b: c } = require('x');` → `import { a, b as c } from 'x';` and
 * `const x = require('x');` → `import x from 'x';`, so a CommonJS example also runs as ESM.
 */
function requiresToImports(code) {
  return code
    .replace(/^const\s*\{([^}]*)\}\s*=\s*require\(\s*(['"][^'"]+['"])\s*\);?/gm, (_, names, from) => `import {${names.replace(/:\s*/g, ' as ')}} from ${from};`)
    .replace(/^const\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*(['"][^'"]+['"])\s*\);?/gm, (_, name, from) => `import ${name} from ${from};`);
}

function toModule(code, kind) {
  const source = kind === 'esm' ? requiresToImports(code) : code;
  const out = ts.transpileModule(source, {
    compilerOptions: {
      module: kind === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  // The marker tells the runner the example's body (top-level awaits included) has run.
  if (kind === 'esm') return `${out}\n${BODY_DONE}\n`;
  // CommonJS has no top-level await: the example's body runs inside an async function.
  return `(async () => {\n${out}\n${BODY_DONE}\n})().catch((error) => { console.error(error); process.exit(1); });\n`;
}

const KEEPALIVE = `// pack-check: keeps the example alive like a service, then stops it as a process manager would.
const timer = setInterval(() => {}, 1000);
process.once('SIGTERM', () => {
  clearInterval(timer);
  // Without a handler of its own, SIGTERM's default action ends the example: do that, cleanly.
  if (process.listenerCount('SIGTERM') === 0) process.exit(0);
});
`;

async function runExample(appDir, file, sink, tag) {
  const env = { ...process.env, OTEL_EXPORTER_PROMETHEUS_PORT: '0', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1' };
  for (const key of Object.keys(env)) if (key.startsWith('OTEL_EXPORTER_OTLP_')) delete env[key];
  // Examples run concurrently: each one's exports carry its own tag, read back from the sink.
  env.OTEL_EXPORTER_OTLP_HEADERS = `x-pack-check=${tag}`;
  const r = await run(process.execPath, ['--require', path.join(appDir, 'pack-check-keepalive.cjs'), file], {
    cwd: appDir,
    env,
    timeoutMs: 30_000,
    // The service phase starts when the body has run (slow start-up on a loaded machine must
    // not turn into a SIGTERM before the example registered its handler).
    onSpawn: (child) => {
      let seen = '';
      const onData = (d) => {
        seen += d;
        if (!seen.includes(BODY_DONE_MARKER)) return;
        child.stderr.off('data', onData);
        setTimeout(() => child.kill('SIGTERM'), SETTLE_MS).unref();
      };
      child.stderr.on('data', onData);
    },
  });
  r.stderr = r.stderr.replace(`\n${BODY_DONE_MARKER}\n`, '');
  const mine = sink.requests.filter((q) => q.headers['x-pack-check'] === tag);
  return { ...r, delivered: mine.length, userAgents: mine.map((q) => String(q.headers['user-agent'] ?? '')) };
}

/**
 * The OTLP exporters put their version in the User-Agent, read from package.json at build
 * time: it must be the version of the installed tarball (a build older than the last
 * `changeset version` would ship a stale one).
 */
function checkUserAgents(appDir, userAgents, id) {
  const findings = [];
  for (const ua of new Set(userAgents)) {
    for (const m of ua.matchAll(/meterkit-otlp-(http|grpc)\/(\S+)/g)) {
      const manifest = path.join(appDir, 'node_modules', '@meterkit', `exporter-otlp-${m[1]}`, 'package.json');
      const version = JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
      if (m[2] !== version) findings.push({ id: `${id} user-agent`, message: `User-Agent '${ua}' but the package is ${version}` });
    }
  }
  if (userAgents.length > 0 && !userAgents.some((ua) => /meterkit-otlp-(http|grpc)\//.test(ua))) {
    findings.push({ id: `${id} user-agent`, message: `no meterkit User-Agent in ${JSON.stringify([...new Set(userAgents)])}` });
  }
  return findings;
}

/** Returns { findings: [{ id, message }], ran, skipped }. */
async function checkReadmeExamples(appDir, packageNames, sink, label = '') {
  fs.writeFileSync(path.join(appDir, 'pack-check-keepalive.cjs'), KEEPALIVE);
  const jobs = [];
  let skipped = 0;
  for (const name of packageNames) {
    const readmeFile = path.join(appDir, 'node_modules', name, 'README.md');
    if (!fs.existsSync(readmeFile)) {
      jobs.push(async () => [{ id: `readme ${name}`, message: 'the tarball ships no README.md' }]);
      continue;
    }
    for (const example of extractExamples(fs.readFileSync(readmeFile, 'utf8'), name)) {
      if (example.skipped) {
        skipped++;
        continue;
      }
      for (const kind of ['esm', 'cjs']) {
        jobs.push(async () => {
          const id = `readme ${kind} ${name}:${example.line}`;
          const file = path.join(appDir, `example-${name.replace(/[@/]/g, '_')}-${example.line}.${kind === 'esm' ? 'mjs' : 'cjs'}`);
          fs.writeFileSync(file, toModule(pointAtSink(example.code, sink), kind));
          const r = await runExample(appDir, file, sink, `example-${++runCount}`);
          if (r.timedOut) return [{ id, message: `did not exit within 30 s (SIGTERM is sent 2 s after the body has run)${label}\n${tail(r.stdout + r.stderr, 8)}` }];
          if (r.code !== 0) return [{ id, message: `exited with ${r.code ?? r.signal}${label}\n${tail(r.stderr || r.stdout, 8)}` }];
          if (/new OTLPMetricExporter\(/.test(example.code) && r.delivered < 1) {
            return [{ id, message: `created an OTLPMetricExporter but delivered nothing to the sink${label}` }];
          }
          return checkUserAgents(appDir, r.userAgents, id);
        });
      }
    }
  }
  // A few at a time: each is a node process that lives about SETTLE_MS.
  const findings = [];
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (queue.length > 0) findings.push(...(await queue.shift()()));
    }),
  );
  return { findings, ran: jobs.length, skipped };
}

module.exports = { checkReadmeExamples, extractExamples, toModule, pointAtSink };
