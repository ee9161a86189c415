// Which protobuf writer for meterkit's OTLP encoder: protobufjs' Writer (fork/ldelim per
// message) or meterkit's own (exact sizes first, one buffer, no per-field objects)? Both encode
// the same 100k-point Sum (3 string attributes per point, like the bench's counter rows); the
// figure is the median of 7 runs, alternating. Run from tools/bench after a build:
//   node scripts/writer-choice.js
const protobuf = require('protobufjs');
const { PROTOBUF_METRICS_SERIALIZER } = require('@meterkit/otlp-exporter-base');

const N = 100_000;
const now = [1_700_000_000, 123_456_789];
const points = Array.from({ length: N }, (_, i) => ({
  startTime: now,
  endTime: now,
  attributes: { method: ['GET', 'POST', 'PUT'][i % 3], route: `/api/v1/items/${i}`, status: ['200', '404', '500'][i % 3] },
  value: i * 1.5,
}));
const metrics = {
  resource: { attributes: { 'service.name': 'bench' } },
  scopeMetrics: [{ scope: { name: 'bench' }, metrics: [{ descriptor: { name: 'x', description: '', unit: '', valueType: 1 }, aggregationTemporality: 1, dataPointType: 3, isMonotonic: true, dataPoints: points }] }],
};

function fixed64Time(w, [s, ns]) {
  const total = BigInt(s) * 1_000_000_000n + BigInt(ns);
  w.fixed64(new protobuf.util.LongBits(Number(total & 0xffffffffn), Number(total >> 32n)));
}

function withProtobufjs() {
  const w = protobuf.Writer.create();
  w.uint32(0x0a).fork(); // resource_metrics
  w.uint32(0x0a).fork().uint32(0x0a).fork().uint32(0x0a).string('service.name').uint32(0x12).fork().uint32(0x0a).string('bench').ldelim().ldelim().ldelim();
  w.uint32(0x12).fork(); // scope_metrics
  w.uint32(0x0a).fork().uint32(0x0a).string('bench').ldelim();
  w.uint32(0x12).fork().uint32(0x0a).string('x').uint32(0x3a).fork(); // metric, sum
  const time = now; // same time for every point, computed once as the own writer does
  for (const p of points) {
    w.uint32(0x0a).fork();
    for (const key in p.attributes) w.uint32(0x3a).fork().uint32(0x0a).string(key).uint32(0x12).fork().uint32(0x0a).string(p.attributes[key]).ldelim().ldelim();
    w.uint32(0x11);
    fixed64Time(w, time);
    w.uint32(0x19);
    fixed64Time(w, time);
    w.uint32(0x21).double(p.value);
    w.ldelim();
  }
  w.uint32(0x10).uint32(2).uint32(0x18).bool(true).ldelim().ldelim().ldelim().ldelim();
  return w.finish();
}

function own() {
  return PROTOBUF_METRICS_SERIALIZER.serializeRequest(metrics);
}

const cases = { protobufjs: withProtobufjs, meterkit: own };
const times = { protobufjs: [], meterkit: [] };
for (let i = 0; i < 2; i++) for (const f of Object.values(cases)) f();
for (let s = 0; s < 7; s++) {
  for (const [name, f] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint();
    const bytes = f();
    times[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (s === 0) console.log(`${name}: ${bytes.length} bytes`);
  }
}
for (const [name, list] of Object.entries(times)) {
  list.sort((a, b) => a - b);
  console.log(`${name}: median ${list[3].toFixed(1)} ms (min ${list[0].toFixed(1)}, max ${list[6].toFixed(1)})`);
}
