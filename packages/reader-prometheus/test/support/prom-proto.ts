// Decoding the protobuf exposition with Prometheus' own schema (the kept metrics.proto), for
// tests that check every field the reader writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Root, common, parse, type Type } from 'protobufjs';

export const PROTO_FILE = join(__dirname, '../../proto/io/prometheus/client/metrics.proto');

function metricFamilyType(): Type {
  const root = new Root();
  root.addJSON(common.get('google/protobuf/timestamp.proto')!.nested!);
  parse(readFileSync(PROTO_FILE, 'utf8'), root, { keepCase: true });
  root.resolveAll();
  return root.lookupType('io.prometheus.client.MetricFamily');
}
const MetricFamily = metricFamilyType();

/** Every length-delimited MetricFamily of a body, as plain objects (64-bit integers as numbers). */
export function decodeMetricFamilies(body: Uint8Array): Array<Record<string, unknown>> {
  const families: Array<Record<string, unknown>> = [];
  let offset = 0;
  while (offset < body.length) {
    // varint length prefix
    let length = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = body[offset++]!;
      length += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    const message = MetricFamily.decode(body.subarray(offset, offset + length));
    families.push(MetricFamily.toObject(message, { longs: Number, defaults: false }) as Record<string, unknown>);
    offset += length;
  }
  return families;
}
