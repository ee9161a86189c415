import { Writable } from 'stream';
import type { ExportResult } from '@opentelemetry/core';
import type { ConsoleMetricExporter } from '../src';
import type { ResourceMetrics } from '@meterkit/sdk-metrics-core';

/** A real Writable that keeps what it is given. */
export class CaptureStream extends Writable {
  chunks: string[] = [];
  constructor() {
    super({
      decodeStrings: false,
      write: (chunk: string | Buffer, _encoding, callback) => {
        this.chunks.push(chunk.toString());
        callback();
      },
    });
  }
  get text(): string {
    return this.chunks.join('');
  }
  /** Non-empty output lines. */
  get lines(): string[] {
    return this.text.split('\n').filter((l) => l.length > 0);
  }
}

export function exportOnce(exporter: ConsoleMetricExporter, metrics: ResourceMetrics): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(metrics, resolve));
}

/** The JSON document of a pretty export (everything after the header line). */
export function prettyDocument(text: string): any {
  const firstNewline = text.indexOf('\n');
  return JSON.parse(text.slice(firstNewline + 1));
}
