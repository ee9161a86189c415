// Metric families → the 0.0.4 text format or OpenMetrics 1.0 text (without `# EOF`, so that
// more families can follow). Sample lines reuse each series' rendered label text. OpenMetrics
// counter `_total` and histogram `_bucket` lines end with their exemplar when the point has
// one (exemplars.ts chooses, exemplar-text.ts writes).
import type { ExponentialHistogram, Histogram } from '@meterkit/sdk-metrics-core';
import { escapeHelp, formatBucketBound, formatValue, type ExpositionFormat } from './exposition-format';
import { exemplarSuffix } from './exemplar-text';
import { bucketExemplars, counterExemplar, type PromExemplar } from './exemplars';
import { exponentialToExplicit } from './exponential-to-explicit';
import type { Family, FamilyPoint } from './metric-families';

export interface WrittenText {
  text: string;
  /** Every family name and sample name written: what a merged source must not repeat. */
  names: Set<string>;
}

type TextFormat = ExpositionFormat;

interface HistogramSampleNames {
  bucket: string;
  sum: string;
  count: string;
}

/**
 * `targetInfo`: the rendered resource labels for `target_info`, or undefined for none. The
 * text is appended line by line to one string: V8 keeps it as a tree of concatenations,
 * flattened once when the response is encoded, which measured faster than joining pieces.
 */
export function writeText(families: Iterable<Family>, format: TextFormat, targetInfo: string | undefined): WrittenText {
  const names = new Set<string>();
  let text = '';
  if (targetInfo !== undefined) {
    // SDK pull endpoints: the resource attributes and nothing else (specification,
    // "Resource Attributes"); the scraping Prometheus adds job and instance itself.
    const metadataName = format === 'openmetrics' ? 'target' : 'target_info';
    names.add(metadataName).add('target_info');
    text += `# HELP ${metadataName} Target metadata\n# TYPE ${metadataName} ${format === 'openmetrics' ? 'info' : 'gauge'}\n`;
    text += `target_info{${targetInfo}} 1\n`;
  }
  for (const family of families) {
    if (family.points.length === 0) continue;
    names.add(family.metadataName);
    if (family.help !== '') text += `# HELP ${family.metadataName} ${escapeHelp(family.help, format)}\n`;
    text += `# TYPE ${family.metadataName} ${family.kind}\n`;
    if (format === 'openmetrics' && family.unit !== undefined) text += `# UNIT ${family.metadataName} ${family.unit}\n`;
    text += family.kind === 'histogram' ? histogramLines(family, format, names) : numberLines(family, format, names);
  }
  return { text, names };
}

function numberLines(family: Family, format: TextFormat, names: Set<string>): string {
  const sampleName =
    family.kind === 'counter' ? (format === 'openmetrics' ? family.names.counterSample : family.names.textCounterSample) : family.names.family;
  const createdName = format === 'openmetrics' && family.kind === 'counter' ? `${family.names.family}_created` : undefined;
  // Only OpenMetrics counters carry exemplars (gauges and non-monotonic sums drop theirs).
  const withExemplars = createdName !== undefined;
  names.add(sampleName);
  if (createdName !== undefined) names.add(createdName);
  let text = '';
  for (const { point, labels } of family.points) {
    const body = labels.body;
    const exemplar = withExemplars ? counterExemplar(point) : undefined;
    const tail = exemplar === undefined ? '\n' : `${exemplarSuffix(exemplar)}\n`;
    text += body === '' ? `${sampleName} ${formatValue(point.value as number)}${tail}` : `${sampleName}{${body}} ${formatValue(point.value as number)}${tail}`;
    if (createdName !== undefined) text += sample(createdName, body, formatTime(point.startTime));
  }
  return text;
}

function histogramLines(family: Family, format: TextFormat, names: Set<string>): string {
  const base = family.names.family;
  const sampleNames: HistogramSampleNames = { bucket: `${base}_bucket`, sum: `${base}_sum`, count: `${base}_count` };
  const createdName = format === 'openmetrics' ? `${base}_created` : undefined;
  names.add(sampleNames.bucket).add(sampleNames.count);
  if (createdName !== undefined) names.add(createdName);
  // Explicit-bucket points of one stream share their boundaries array: the `le` labels are
  // rendered once per distinct array, not once per point.
  let renderedFor: readonly number[] | undefined;
  let leLabels: readonly string[] = [];
  let text = '';
  for (const entry of family.points) {
    const histogram = explicitHistogram(entry);
    const { boundaries } = histogram.buckets;
    if (boundaries !== renderedFor) {
      leLabels = renderLeLabels(boundaries, format);
      renderedFor = boundaries;
    }
    const body = entry.labels.body;
    const exemplars = format === 'openmetrics' ? bucketExemplars(entry.point, boundaries) : undefined;
    text += bucketLines(sampleNames.bucket, body, leLabels, histogram.buckets.counts, boundaries.length, exemplars);
    // The data model leaves sum unset when the instrument may record negative values: the
    // specification reports _sum only when it is monotonic.
    if (histogram.sum !== undefined) {
      names.add(sampleNames.sum);
      text += sample(sampleNames.sum, body, formatValue(histogram.sum));
    }
    text += sample(sampleNames.count, body, formatValue(histogram.count));
    if (createdName !== undefined) text += sample(createdName, body, formatTime(entry.point.startTime));
  }
  return text;
}

/** A histogram point with explicit buckets; exponential points are converted at their exact boundaries. */
function explicitHistogram(entry: FamilyPoint): Pick<Histogram, 'buckets' | 'sum' | 'count'> {
  if (entry.shape === 'exponential') {
    const value = entry.point.value as ExponentialHistogram;
    return { buckets: exponentialToExplicit(value), sum: value.sum, count: value.count };
  }
  return entry.point.value as Histogram;
}

function bucketLines(
  bucketName: string,
  body: string,
  leLabels: readonly string[],
  counts: readonly number[],
  bounds: number,
  exemplars: ReadonlyArray<PromExemplar | undefined> | undefined,
): string {
  // Everything up to the `le` label is the same on every bucket line of the point.
  const head = body === '' ? `${bucketName}{` : `${bucketName}{${body},`;
  let text = '';
  let cumulative = 0;
  for (let i = 0; i <= bounds; i++) {
    cumulative += counts[i] ?? 0;
    const exemplar = exemplars?.[i];
    text += exemplar === undefined ? `${head}${leLabels[i]!}${formatValue(cumulative)}\n` : `${head}${leLabels[i]!}${formatValue(cumulative)}${exemplarSuffix(exemplar)}\n`;
  }
  return text;
}

/** `le="<bound>"} ` for each boundary, then the `+Inf` one: the tail of each bucket's labels. */
function renderLeLabels(boundaries: readonly number[], format: TextFormat): string[] {
  const rendered: string[] = [];
  for (const bound of boundaries) rendered.push(`le="${formatBucketBound(bound, format)}"} `);
  rendered.push('le="+Inf"} ');
  return rendered;
}

function sample(name: string, body: string, value: string): string {
  return body === '' ? `${name} ${value}\n` : `${name}{${body}} ${value}\n`;
}

function formatTime([seconds, nanos]: readonly [number, number]): string {
  return formatValue(seconds + nanos / 1e9);
}
