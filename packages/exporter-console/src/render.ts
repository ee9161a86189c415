// Turns the document of one export into the text written to the stream.
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';
import { countExemplars } from './otlp-document';

/** How the console exporter writes an export: `pretty` (indented, with a header line) or `json` (one line per export). */
export type ConsoleFormat = 'pretty' | 'json';

function countPoints(metrics: ResourceMetrics): { scopes: number; metrics: number; points: number } {
  let metricCount = 0;
  let points = 0;
  for (const scope of metrics.scopeMetrics) {
    metricCount += scope.metrics.length;
    for (const metric of scope.metrics) points += metric.dataPoints.length;
  }
  return { scopes: metrics.scopeMetrics.length, metrics: metricCount, points };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `json`: the document on one line, newline-terminated, and nothing else, so that each line
 * of the output parses on its own (`node app.js | jq .`).
 * `pretty`: a header line a person can scan for, then the document indented by two spaces.
 */
export function renderExport(document: object, format: ConsoleFormat, exportNumber: number, metrics: ResourceMetrics): string {
  if (format === 'json') return `${JSON.stringify(document)}\n`;
  const c = countPoints(metrics);
  const exemplars = countExemplars(metrics);
  const header =
    `── meterkit metrics export #${exportNumber} at ${new Date().toISOString()}: ` +
    `${plural(c.scopes, 'scope')}, ${plural(c.metrics, 'metric')}, ${plural(c.points, 'data point')}` +
    `${exemplars > 0 ? `, ${plural(exemplars, 'exemplar')}` : ''} ──`;
  return `${header}\n${JSON.stringify(document, null, 2)}\n`;
}
