// The data points of the protobuf encoder (NumberDataPoint, HistogramDataPoint,
// ExponentialHistogramDataPoint, Exemplar): the sizing half pushes into the SizeQueue what the
// writing half reads back, point by point, in the same order.
import type { Attributes, HrTime } from '@opentelemetry/api';
import { DataPointType, type DataPoint, type ExponentialHistogram, type Histogram, type MetricData } from '@meterkit/sdk-metrics-core';
import { fieldSize, sizeAttributes, type SizeQueue, writeAttributes } from './attributes-proto';
import { exemplarsOf, flagsOf, hexIdBytes, type Exemplar } from './exemplar';
import type { ProtoWriter } from './proto-writer';
import { uint64Size, varintSize32, zigzag32 } from './wire-sizes';

const EMPTY: Attributes = {};

export function sizePoints(q: SizeQueue, metric: MetricData, isInt: boolean, start: number, end: number): number {
  let total = 0;
  switch (metric.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE:
      for (let i = start; i < end; i++) total += sizeNumberPoint(q, metric.dataPoints[i], isInt);
      return total;
    case DataPointType.HISTOGRAM:
      for (let i = start; i < end; i++) total += sizeHistogramPoint(q, metric.dataPoints[i], isInt);
      return total;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      for (let i = start; i < end; i++) total += sizeExponentialPoint(q, metric.dataPoints[i], isInt);
      return total;
  }
  return total;
}

export function writePoints(w: ProtoWriter, q: SizeQueue, metric: MetricData, isInt: boolean, start: number, end: number): void {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE:
      for (let i = start; i < end; i++) writeNumberPoint(w, q, metric.dataPoints[i], isInt);
      return;
    case DataPointType.HISTOGRAM:
      for (let i = start; i < end; i++) writeHistogramPoint(w, q, metric.dataPoints[i], isInt);
      return;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      for (let i = start; i < end; i++) writeExponentialPoint(w, q, metric.dataPoints[i], isInt);
      return;
  }
}

/** Point fields shared by every kind: flags (uint32) and exemplars. */
function sizeExtras(q: SizeQueue, point: object): number {
  let size = 0;
  const flags = flagsOf(point);
  if (flags) size += 1 + varintSize32(flags);
  const exemplars = exemplarsOf(point);
  if (exemplars) for (const e of exemplars) size += sizeExemplar(q, e);
  return size;
}

function writeExtras(w: ProtoWriter, q: SizeQueue, point: object, isInt: boolean, flagsTag: number, exemplarTag: number): void {
  const flags = flagsOf(point);
  if (flags) {
    w.buf[w.pos++] = flagsTag;
    w.varint32(flags);
  }
  const exemplars = exemplarsOf(point);
  if (exemplars) for (const e of exemplars) writeExemplar(w, q, e, isInt, exemplarTag);
}

// Exemplar: filtered_attributes = 7, time_unix_nano = 2 (fixed64), as_double = 3 / as_int = 6,
// span_id = 4, trace_id = 5 (bytes; left out when absent or not valid hex).
function sizeExemplar(q: SizeQueue, e: Exemplar): number {
  const at = q.open();
  let body = sizeAttributes(q, e.filteredAttributes ?? EMPTY) + 18;
  if (hexIdBytes(e.spanId, 8)) body += 10;
  if (hexIdBytes(e.traceId, 16)) body += 18;
  q.sizes[at] = body;
  return fieldSize(body);
}

function writeExemplar(w: ProtoWriter, q: SizeQueue, e: Exemplar, isInt: boolean, tag: number): void {
  w.buf[w.pos++] = tag;
  w.varint32(q.next());
  writeAttributes(w, q, e.filteredAttributes ?? EMPTY, 7);
  w.buf[w.pos++] = 0x11;
  writeTime(w, e.timestamp, 1);
  if (isInt) {
    w.buf[w.pos++] = 0x31;
    w.sfixed64(e.value);
  } else {
    w.buf[w.pos++] = 0x19;
    w.double(e.value);
  }
  const span = hexIdBytes(e.spanId, 8);
  if (span) {
    w.buf[w.pos++] = 0x22;
    w.bytes(span);
  }
  const trace = hexIdBytes(e.traceId, 16);
  if (trace) {
    w.buf[w.pos++] = 0x2a;
    w.bytes(trace);
  }
}

function writeTime(w: ProtoWriter, time: HrTime, slot: 0 | 1): void {
  w.hrTime(time[0], time[1], slot);
}

// NumberDataPoint: attributes = 7, start_time_unix_nano = 2, time_unix_nano = 3 (fixed64),
// as_double = 4 / as_int = 6, exemplars = 5, flags = 8.
function sizeNumberPoint(q: SizeQueue, point: DataPoint<number>, isInt: boolean): number {
  const at = q.open();
  const body = sizeAttributes(q, point.attributes) + 27 + sizeExtras(q, point);
  q.sizes[at] = body;
  return fieldSize(body);
}

function writeNumberPoint(w: ProtoWriter, q: SizeQueue, point: DataPoint<number>, isInt: boolean): void {
  w.buf[w.pos++] = 0x0a; // data_points = 1
  w.varint32(q.next());
  writeAttributes(w, q, point.attributes, 7);
  w.buf[w.pos++] = 0x11;
  writeTime(w, point.startTime, 0);
  w.buf[w.pos++] = 0x19;
  writeTime(w, point.endTime, 1);
  if (isInt) {
    w.buf[w.pos++] = 0x31;
    w.sfixed64(point.value);
  } else {
    w.buf[w.pos++] = 0x21;
    w.double(point.value);
  }
  writeExtras(w, q, point, isInt, 0x40, 0x2a);
}

// HistogramDataPoint: attributes = 9, times = 2/3, count = 4 (fixed64), sum = 5, bucket_counts =
// 6 (packed fixed64), explicit_bounds = 7 (packed double), exemplars = 8, flags = 10, min = 11,
// max = 12.
function sizeHistogramPoint(q: SizeQueue, point: DataPoint<Histogram>, isInt: boolean): number {
  const at = q.open();
  const h = point.value;
  let body = sizeAttributes(q, point.attributes) + 27;
  if (h.sum !== undefined) body += 9;
  if (h.min !== undefined) body += 9;
  if (h.max !== undefined) body += 9;
  const counts = h.buckets.counts.length;
  if (counts > 0) body += fieldSize(counts * 8);
  const bounds = h.buckets.boundaries.length;
  if (bounds > 0) body += fieldSize(bounds * 8);
  body += sizeExtras(q, point);
  q.sizes[at] = body;
  return fieldSize(body);
}

function writeHistogramPoint(w: ProtoWriter, q: SizeQueue, point: DataPoint<Histogram>, isInt: boolean): void {
  const h = point.value;
  w.buf[w.pos++] = 0x0a;
  w.varint32(q.next());
  writeAttributes(w, q, point.attributes, 9);
  w.buf[w.pos++] = 0x11;
  writeTime(w, point.startTime, 0);
  w.buf[w.pos++] = 0x19;
  writeTime(w, point.endTime, 1);
  w.buf[w.pos++] = 0x21;
  w.count64(h.count);
  if (h.sum !== undefined) {
    w.buf[w.pos++] = 0x29;
    w.double(h.sum);
  }
  const counts = h.buckets.counts;
  if (counts.length > 0) {
    w.buf[w.pos++] = 0x32;
    w.varint32(counts.length * 8);
    for (let i = 0; i < counts.length; i++) w.count64(counts[i]);
  }
  const bounds = h.buckets.boundaries;
  if (bounds.length > 0) {
    w.buf[w.pos++] = 0x3a;
    w.varint32(bounds.length * 8);
    for (let i = 0; i < bounds.length; i++) w.double(bounds[i]);
  }
  if (h.min !== undefined) {
    w.buf[w.pos++] = 0x59;
    w.double(h.min);
  }
  if (h.max !== undefined) {
    w.buf[w.pos++] = 0x61;
    w.double(h.max);
  }
  writeExtras(w, q, point, isInt, 0x50, 0x42);
}

// ExponentialHistogramDataPoint: attributes = 1, times = 2/3, count = 4, sum = 5, scale = 6
// (sint32), zero_count = 7 (fixed64), positive = 8, negative = 9 (Buckets: offset = 1 sint32,
// bucket_counts = 2 packed uint64), flags = 10, exemplars = 11, min = 12, max = 13.
function sizeBuckets(q: SizeQueue, offset: number, counts: readonly number[]): number {
  let countsBody = 0;
  for (let i = 0; i < counts.length; i++) countsBody += uint64Size(counts[i]);
  let body = offset !== 0 ? 1 + varintSize32(zigzag32(offset)) : 0;
  if (counts.length > 0) body += fieldSize(countsBody);
  q.push(body);
  q.push(countsBody);
  return fieldSize(body);
}

function writeBuckets(w: ProtoWriter, q: SizeQueue, tag: number, offset: number, counts: readonly number[]): void {
  w.buf[w.pos++] = tag;
  w.varint32(q.next());
  const countsBody = q.next();
  if (offset !== 0) {
    w.buf[w.pos++] = 0x08;
    w.varint32(zigzag32(offset));
  }
  if (counts.length > 0) {
    w.buf[w.pos++] = 0x12;
    w.varint32(countsBody);
    for (let i = 0; i < counts.length; i++) w.uint64(counts[i]);
  }
}

function sizeExponentialPoint(q: SizeQueue, point: DataPoint<ExponentialHistogram>, isInt: boolean): number {
  const at = q.open();
  const h = point.value;
  let body = sizeAttributes(q, point.attributes) + 36;
  if (h.sum !== undefined) body += 9;
  if (h.min !== undefined) body += 9;
  if (h.max !== undefined) body += 9;
  if (h.scale !== 0) body += 1 + varintSize32(zigzag32(h.scale));
  body += sizeBuckets(q, h.positive.offset, h.positive.bucketCounts);
  body += sizeBuckets(q, h.negative.offset, h.negative.bucketCounts);
  body += sizeExtras(q, point);
  q.sizes[at] = body;
  return fieldSize(body);
}

function writeExponentialPoint(w: ProtoWriter, q: SizeQueue, point: DataPoint<ExponentialHistogram>, isInt: boolean): void {
  const h = point.value;
  w.buf[w.pos++] = 0x0a;
  w.varint32(q.next());
  writeAttributes(w, q, point.attributes, 1);
  w.buf[w.pos++] = 0x11;
  writeTime(w, point.startTime, 0);
  w.buf[w.pos++] = 0x19;
  writeTime(w, point.endTime, 1);
  w.buf[w.pos++] = 0x21;
  w.count64(h.count);
  if (h.sum !== undefined) {
    w.buf[w.pos++] = 0x29;
    w.double(h.sum);
  }
  if (h.scale !== 0) {
    w.buf[w.pos++] = 0x30;
    w.varint32(zigzag32(h.scale));
  }
  w.buf[w.pos++] = 0x39;
  w.count64(h.zeroCount);
  writeBuckets(w, q, 0x42, h.positive.offset, h.positive.bucketCounts);
  writeBuckets(w, q, 0x4a, h.negative.offset, h.negative.bucketCounts);
  if (h.min !== undefined) {
    w.buf[w.pos++] = 0x61;
    w.double(h.min);
  }
  if (h.max !== undefined) {
    w.buf[w.pos++] = 0x69;
    w.double(h.max);
  }
  writeExtras(w, q, point, isInt, 0x50, 0x5a);
}
