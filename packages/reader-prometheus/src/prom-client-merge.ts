// Serving an existing prom-client registry next to meterkit's metrics on one endpoint, so a
// team can move metrics from prom-client to OpenTelemetry one at a time. A family both sides
// define is served once, from meterkit: two TYPE lines for one name would fail the scrape.
import type { ExpositionFormat } from './exposition-format';

/** The part of a prom-client 15 `Registry` the reader uses. */
export interface PromClientRegistryLike {
  /** The registry's exposition in the 0.0.4 text format, as prom-client's `Registry.metrics()` returns it. */
  metrics(): Promise<string> | string;
  /** `text/plain; version=0.0.4; ...` or `application/openmetrics-text; version=1.0.0; ...` */
  readonly contentType: string;
}

/** The format a prom-client registry writes: a merged scrape must use the same one. */
export function registryFormat(registry: PromClientRegistryLike): ExpositionFormat {
  return String(registry.contentType).toLowerCase().startsWith('application/openmetrics-text') ? 'openmetrics' : 'text';
}

interface Block {
  family: string;
  sampleNames: Set<string>;
  lines: string[];
}

const METADATA = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)/;

function sampleName(line: string): string {
  const end = line.search(/[{\s]/);
  return end < 0 ? line : line.slice(0, end);
}

/** Splits an exposition into families: metadata lines open a family, samples follow it. */
function splitFamilies(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim() === '# EOF') continue;
    const metadata = METADATA.exec(line);
    if (metadata) {
      const family = metadata[2]!;
      if (current === undefined || current.family !== family) {
        current = { family, sampleNames: new Set(), lines: [] };
        blocks.push(current);
      }
      current.lines.push(line);
      continue;
    }
    if (line.startsWith('#')) {
      if (current !== undefined) current.lines.push(line);
      continue;
    }
    const name = sampleName(line);
    if (current === undefined || !name.startsWith(current.family)) {
      // A sample without metadata (untyped) forms a family of its own.
      current = { family: name, sampleNames: new Set(), lines: [] };
      blocks.push(current);
    }
    current.sampleNames.add(name);
    current.lines.push(line);
  }
  return blocks;
}

/**
 * prom-client's exposition without the families meterkit already serves (by family or sample
 * name), each line ending in "\n", without any `# EOF`. `onDuplicate` hears each dropped name.
 */
export function filterPromClientExposition(
  text: string,
  taken: ReadonlySet<string>,
  onDuplicate: (family: string) => void,
): string {
  let out = '';
  for (const block of splitFamilies(text)) {
    let duplicate = taken.has(block.family);
    for (const name of block.sampleNames) if (taken.has(name)) duplicate = true;
    if (duplicate) {
      onDuplicate(block.family);
      continue;
    }
    for (const line of block.lines) out += `${line}\n`;
  }
  return out;
}
