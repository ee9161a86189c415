// How the console exporter's output reaches the terminal. The exporter prints a full document
// per export — dozens of lines every interval, which would bury the progress line — so by
// default its single-line JSON output goes through a digest that shows one line per export.
// `--console json` / `--console pretty` print the exporter's own output unchanged.
import { Writable } from 'stream';
import type { ConsoleMetricExporterOptions } from '@meterkit/exporter-console';
import type { Terminal } from './terminal';

export type ConsoleMode = 'summary' | 'json' | 'pretty' | 'off';

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(3);
}

function formatBytes(value: number): string {
  return `${(value / 1024 / 1024).toFixed(1)} MiB`;
}

/** One line for one export document (the exporter's `json` format). */
export function digestExport(document: any, exportNumber: number): string {
  const parts: string[] = [];
  for (const rm of document.resource_metrics ?? []) {
    for (const sm of rm.scope_metrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        const points: any[] = metric.data?.data_points ?? [];
        if (metric.type === 'histogram' || metric.type === 'exponential_histogram') {
          const count = points.reduce((n, p) => n + Number(p.count ?? 0), 0);
          parts.push(`${metric.name} n=${count}`);
        } else if (metric.type === 'gauge') {
          parts.push(`${metric.name} ${points.length ? formatNumber(Number(points[0].value)) : '-'}`);
        } else {
          const total = points.reduce((n, p) => n + Number(p.value ?? 0), 0);
          parts.push(`${metric.name} ${metric.unit === 'By' ? formatBytes(total) : formatNumber(total)}`);
        }
      }
    }
  }
  return `[console exporter] export #${exportNumber}: ${parts.join(' · ')}`;
}

/** A stream that splits the exporter's output into lines (one JSON document each). */
class LineStream extends Writable {
  private buffered = '';
  constructor(private readonly onLine: (line: string) => void) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.buffered += chunk.toString();
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.length > 0) this.onLine(line);
    }
    callback();
  }
}

export interface ConsoleView {
  exporterOptions: ConsoleMetricExporterOptions;
  /** Exports the console exporter has printed so far. */
  exports(): number;
}

export function createConsoleView(mode: Exclude<ConsoleMode, 'off'>, terminal: Terminal): ConsoleView {
  let count = 0;
  if (mode === 'summary') {
    const stream = new LineStream((line) => {
      count += 1;
      try {
        terminal.log(digestExport(JSON.parse(line), count));
      } catch (error) {
        terminal.log(`[console exporter] export #${count}: (unreadable: ${(error as Error).message})`);
      }
    });
    return { exporterOptions: { format: 'json', stream }, exports: () => count };
  }
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      count += mode === 'json' ? 1 : chunk.toString().startsWith('── meterkit metrics export') ? 1 : 0;
      terminal.log(chunk.toString());
      callback();
    },
  });
  return { exporterOptions: { format: mode, stream }, exports: () => count };
}
