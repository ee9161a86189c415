// What installing an OTLP exporter pulls in at run time: the closure of `dependencies` (as npm
// would install it), read from the package.json files on disk. The official SDK (through
// @opentelemetry/otlp-transformer) and protobufjs used to be in it; neither is needed now.
import * as fs from 'fs';
import * as path from 'path';

function findPackageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) throw new Error(`${name} not found from ${from}`);
  }
}

function runtimeClosure(dir: string, seen = new Map<string, string>()): Map<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    if (seen.has(name)) continue;
    const depDir = findPackageDir(name, dir);
    seen.set(name, depDir);
    runtimeClosure(depDir, seen);
  }
  return seen;
}

describe.each(['exporter-otlp-http', 'exporter-otlp-grpc', 'otlp-exporter-base'])('@meterkit/%s', (dir) => {
  test('installs neither the official SDK, the transformer nor protobufjs', () => {
    const closure = [...runtimeClosure(path.resolve(__dirname, '..', '..', dir)).keys()];
    expect(closure).toContain('@meterkit/sdk-metrics-core');
    expect(closure).not.toContain('@opentelemetry/sdk-metrics');
    expect(closure).not.toContain('@opentelemetry/otlp-transformer');
    // @grpc/grpc-js depends on @grpc/proto-loader, which brings protobufjs for the gRPC package.
    if (dir !== 'exporter-otlp-grpc') expect(closure).not.toContain('protobufjs');
  });
});
