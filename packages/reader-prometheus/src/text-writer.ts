// Metric families → the 0.0.4 text format or OpenMetrics 1.0 text (without `# EOF`, so that
// more families can follow), written as UTF-8 bytes (byte-writer.ts says why). Sample lines
// reuse each series' rendered label text: it is written once per point, and the point's other
// lines (histogram buckets, `_sum`, `_count`, `_created`) copy those bytes. OpenMetrics
// counter `_total` and histogram `_bucket` lines end with their exemplar when the point has
// one (exemplars.ts chooses, exemplar-text.ts writes).
import type { DataPoint, ExponentialHistogram, Histogram } from '@meterkit/sdk-metrics-core';
import { ByteWriter } from './byte-writer';
import { escapeHelp, formatBucketBound, type ExpositionFormat } from './exposition-format';
import { exemplarSuffix } from './exemplar-text';
import { bucketExemplars, counterExemplar, type PromExemplar } from './exemplars';
import { exponentialToExplicit } from './exponential-to-explicit';
import type { Family, FamilyMember, PointShape } from './metric-families';
import { keepShape } from './keep-shape';

export interface WrittenText {
  /** Every family name and sample name written: what a merged source must not repeat. */
  names: Set<string>;
}

type TextFormat = ExpositionFormat;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

/**
 * The start of a sample line up to its value, for one sample name: `name{` before a label
 * block, `name ` without labels. Encoded once per family and scrape, copied onto every line.
 * Its shape is kept for the module's life (keep-shape.ts says why).
 */
class SampleHead {
  readonly withLabels: Buffer;
  readonly bare: Buffer;

  constructor(name: string) {
    this.withLabels = Buffer.from(`${name}{`, 'utf8');
    this.bare = Buffer.from(`${name} `, 'utf8');
  }
}

keepShape(new SampleHead(''));

function sampleHead(name: string): SampleHead {
  return new SampleHead(name);
}

/**
 * Writes `families` into `out`. `targetInfo`: the rendered resource labels for `target_info`,
 * or undefined for none.
 */
export function writeText(out: ByteWriter, families: Iterable<Family>, format: TextFormat, targetInfo: string | undefined): WrittenText {
  const names = new Set<string>();
  if (targetInfo !== undefined) {
    // SDK pull endpoints: the resource attributes and nothing else (specification,
    // "Resource Attributes"); the scraping Prometheus adds job and instance itself.
    const metadataName = format === 'openmetrics' ? 'target' : 'target_info';
    names.add(metadataName).add('target_info');
    out.text(`# HELP ${metadataName} Target metadata\n# TYPE ${metadataName} ${format === 'openmetrics' ? 'info' : 'gauge'}\n`);
    out.text(`target_info{${targetInfo}} 1\n`);
  }
  for (const family of families) {
    if (family.size === 0) continue;
    names.add(family.metadataName);
    if (family.help !== '') out.text(`# HELP ${family.metadataName} ${escapeHelp(family.help, format)}\n`);
    out.text(`# TYPE ${family.metadataName} ${family.kind}\n`);
    if (format === 'openmetrics' && family.unit !== undefined) out.text(`# UNIT ${family.metadataName} ${family.unit}\n`);
    if (family.kind === 'histogram') histogramLines(out, family, format, names);
    else numberLines(out, family, format, names);
  }
  return { names };
}

function numberLines(out: ByteWriter, family: Family, format: TextFormat, names: Set<string>): void {
  const sampleName =
    family.kind === 'counter' ? (format === 'openmetrics' ? family.names.counterSample : family.names.textCounterSample) : family.names.family;
  const createdName = format === 'openmetrics' && family.kind === 'counter' ? `${family.names.family}_created` : undefined;
  // Only OpenMetrics counters carry exemplars (gauges and non-monotonic sums drop theirs).
  const withExemplars = createdName !== undefined;
  names.add(sampleName);
  if (createdName !== undefined) names.add(createdName);
  const head = sampleHead(sampleName);
  const createdHead = createdName === undefined ? undefined : sampleHead(createdName);
  for (const member of family.members) numberMemberLines(out, member, head, createdHead, withExemplars);
}

/** The lines of one metric's points: its own function, so that V8 optimises the per-point loop early (called per metric, not once per scrape). */
function numberMemberLines(out: ByteWriter, member: FamilyMember, head: SampleHead, createdHead: SampleHead | undefined, withExemplars: boolean): void {
  const { points, labels } = member;
  for (let i = 0; i < points.length; i++) {
    const rendered = labels[i];
    if (rendered === undefined) continue; // a repeated series
    const point = points[i]!;
    const body = rendered.body;
    if (createdHead === undefined && !withExemplars && body !== '') {
      // The 0.0.4 text's line, and OpenMetrics' gauge line: nothing but the sample.
      out.labeledSample(head.withLabels, body, point.value as number);
      continue;
    }
    let bodyStart = 0;
    let bodyEnd = 0;
    if (body === '') {
      out.bytes(head.bare);
    } else {
      out.bytes(head.withLabels);
      bodyStart = out.length;
      out.text(body);
      bodyEnd = out.length;
      closeLabels(out);
    }
    out.number(point.value as number);
    if (withExemplars) {
      const exemplar = counterExemplar(point);
      if (exemplar !== undefined) out.text(exemplarSuffix(exemplar));
    }
    out.byte(NEWLINE);
    if (createdHead !== undefined) sample(out, createdHead, bodyStart, bodyEnd, timeValue(point.startTime));
  }
}

function histogramLines(out: ByteWriter, family: Family, format: TextFormat, names: Set<string>): void {
  const base = family.names.family;
  const bucketName = `${base}_bucket`;
  const sumName = `${base}_sum`;
  const createdName = format === 'openmetrics' ? `${base}_created` : undefined;
  names.add(bucketName).add(`${base}_count`);
  if (createdName !== undefined) names.add(createdName);
  const bucketHead = sampleHead(bucketName);
  const sumHead = sampleHead(sumName);
  const countHead = sampleHead(`${base}_count`);
  const createdHead = createdName === undefined ? undefined : sampleHead(createdName);
  const le = new LeLabels(NO_BOUNDARIES, []);
  let withSum = false;
  for (const member of family.members) {
    if (histogramMemberLines(out, member, bucketHead, sumHead, countHead, createdHead, le, format)) withSum = true;
  }
  if (withSum) names.add(sumName);
}

/** Boundaries no point has: the `LeLabels` of no boundaries yet. */
const NO_BOUNDARIES: readonly number[] = [];

/**
 * The `le` labels rendered for one boundaries array: explicit-bucket points of one stream
 * share their boundaries array, so they are rendered once per distinct array, not per point.
 * A class whose shape is kept for the module's life (keep-shape.ts says why): as an object
 * literal made per scrape, its shape died in GCs and took the optimised per-point loop with
 * it ("weak objects" in --trace-deopt, every few scrapes of 10k histograms).
 */
class LeLabels {
  constructor(
    public boundaries: readonly number[],
    public labels: readonly Buffer[],
  ) {}
}

keepShape(new LeLabels(NO_BOUNDARIES, []));

/**
 * The lines of one metric's histogram points; returns whether any point wrote a `_sum`. Its
 * own function, called per metric, like `numberMemberLines`.
 */
function histogramMemberLines(
  out: ByteWriter,
  member: FamilyMember,
  bucketHead: SampleHead,
  sumHead: SampleHead,
  countHead: SampleHead,
  createdHead: SampleHead | undefined,
  le: LeLabels,
  format: TextFormat,
): boolean {
  const { points, labels, shape } = member;
  let withSum = false;
  for (let i = 0; i < points.length; i++) {
    const rendered = labels[i];
    if (rendered === undefined) continue; // a repeated series
    const point = points[i]!;
    const histogram = explicitHistogram(shape, point);
    const { boundaries } = histogram.buckets;
    if (boundaries !== le.boundaries) {
      le.labels = renderLeLabels(boundaries, format);
      le.boundaries = boundaries;
    }
    const exemplars = format === 'openmetrics' ? bucketExemplars(point, boundaries) : undefined;
    const [bodyStart, bodyEnd] = bucketLines(out, bucketHead, rendered.body, le.labels, histogram.buckets.counts, boundaries.length, exemplars);
    // The data model leaves sum unset when the instrument may record negative values: the
    // specification reports _sum only when it is monotonic.
    if (histogram.sum !== undefined) {
      withSum = true;
      sample(out, sumHead, bodyStart, bodyEnd, histogram.sum);
    }
    sample(out, countHead, bodyStart, bodyEnd, histogram.count);
    if (createdHead !== undefined) sample(out, createdHead, bodyStart, bodyEnd, timeValue(point.startTime));
  }
  return withSum;
}

/** A histogram point with explicit buckets; exponential points are converted at their exact boundaries. */
function explicitHistogram(shape: PointShape, point: DataPoint<unknown>): Pick<Histogram, 'buckets' | 'sum' | 'count'> {
  if (shape === 'exponential') {
    const value = point.value as ExponentialHistogram;
    return { buckets: exponentialToExplicit(value), sum: value.sum, count: value.count };
  }
  return point.value as Histogram;
}

/** The `_bucket` lines of one point; returns where its label block was written (empty range without labels). */
function bucketLines(
  out: ByteWriter,
  head: SampleHead,
  body: string,
  leLabels: readonly Buffer[],
  counts: readonly number[],
  bounds: number,
  exemplars: ReadonlyArray<PromExemplar | undefined> | undefined,
): [number, number] {
  // Everything up to the `le` label is the same on every bucket line of the point: written
  // on the first line, copied to the others.
  const lineStart = out.length;
  out.bytes(head.withLabels);
  const bodyStart = out.length;
  if (body !== '') out.text(body);
  const bodyEnd = out.length;
  if (body !== '') out.byte(COMMA);
  const prefixEnd = out.length;
  let cumulative = 0;
  for (let i = 0; i <= bounds; i++) {
    if (i > 0) out.repeat(lineStart, prefixEnd);
    cumulative += counts[i] ?? 0;
    out.bytes(leLabels[i]!);
    out.number(cumulative);
    const exemplar = exemplars?.[i];
    if (exemplar !== undefined) out.text(exemplarSuffix(exemplar));
    out.byte(NEWLINE);
  }
  return [bodyStart, bodyEnd];
}

/** `le="<bound>"} ` for each boundary, then the `+Inf` one: the tail of each bucket's labels. */
function renderLeLabels(boundaries: readonly number[], format: TextFormat): Buffer[] {
  const rendered: Buffer[] = [];
  for (const bound of boundaries) rendered.push(Buffer.from(`le="${formatBucketBound(bound, format)}"} `, 'utf8'));
  rendered.push(Buffer.from('le="+Inf"} ', 'utf8'));
  return rendered;
}

function closeLabels(out: ByteWriter): void {
  out.byte(CLOSE_BRACE);
  out.byte(SPACE);
}

/** One sample line whose label block was written before, at `bodyStart`..`bodyEnd` (empty: no labels). */
function sample(out: ByteWriter, head: SampleHead, bodyStart: number, bodyEnd: number, value: number): void {
  if (bodyStart === bodyEnd) {
    out.bytes(head.bare);
  } else {
    out.bytes(head.withLabels);
    out.repeat(bodyStart, bodyEnd);
    closeLabels(out);
  }
  out.number(value);
  out.byte(NEWLINE);
}

/** A start time in seconds since the epoch, the value of a `_created` sample. */
function timeValue([seconds, nanos]: readonly [number, number]): number {
  return seconds + nanos / 1e9;
}
