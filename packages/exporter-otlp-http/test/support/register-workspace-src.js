// For child processes in tests: load the workspace packages from their TypeScript sources
// (as jest does through moduleNameMapper), so a child never runs a stale build.
require('../../../sdk-metrics-core/test/support/register-ts.js');
const Module = require('module');
const path = require('path');

const packages = path.resolve(__dirname, '../../..');
const sources = {
  '@meterkit/sdk-metrics-core': 'sdk-metrics-core',
  '@meterkit/otlp-exporter-base': 'otlp-exporter-base',
  '@meterkit/exporter-otlp-http': 'exporter-otlp-http',
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const dir = sources[request];
  if (dir !== undefined) return path.join(packages, dir, 'src', 'index.ts');
  return resolve.call(this, request, ...rest);
};
