// A small parser for the Prometheus text exposition formats (0.0.4 and OpenMetrics), enough to
// read back the demo's series from a real scrape: `# TYPE` lines, and samples
// `name{label="value",...} value`, with OpenMetrics' exemplar `# {trace_id="..."} value ts`.

/** An OpenMetrics exemplar on a sample. */
export interface SampleExemplar {
  labels: Record<string, string>;
  value: number;
  /** Seconds since the epoch, when given. */
  timestamp?: number;
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  exemplar?: SampleExemplar;
}

export interface Exposition {
  /** Family name → type (`counter`, `histogram`, `gauge`, ...). */
  types: Map<string, string>;
  samples: Sample[];
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  // name="value" pairs; values escape \\, \" and \n.
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    labels[match[1]] = match[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Index of the `}` closing the label set that opens at `open`, skipping quoted values. */
function closingBrace(line: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '}' && !quoted) return i;
  }
  return -1;
}

/** `{labels} value [timestamp]` after a sample's ` # `. */
function parseExemplar(text: string): SampleExemplar | undefined {
  if (!text.startsWith('{')) return undefined;
  const close = closingBrace(text, 0);
  if (close < 0) return undefined;
  const [value, timestamp] = text.slice(close + 1).trim().split(/\s+/);
  return { labels: parseLabels(text.slice(1, close)), value: parseValue(value ?? ''), timestamp: timestamp === undefined ? undefined : Number(timestamp) };
}

/** The value part of a sample and its exemplar, if any: `42 # {a="b"} 1 1700000000.5`. */
function valueAndExemplar(rest: string): { value: number; exemplar?: SampleExemplar } {
  const hash = rest.indexOf(' # ');
  if (hash < 0) return { value: parseValue(rest.trim().split(/\s+/)[0] ?? '') };
  const exemplar = parseExemplar(rest.slice(hash + 3).trim());
  return { value: parseValue(rest.slice(0, hash).trim().split(/\s+/)[0] ?? ''), ...(exemplar ? { exemplar } : {}) };
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)/.exec(line);
      if (type) types.set(type[1], type[2]);
      continue;
    }
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    if (brace !== -1 && brace < space) {
      const close = closingBrace(line, brace);
      if (close < 0) continue; // not a sample line this parser understands
      samples.push({ name: line.slice(0, brace), labels: parseLabels(line.slice(brace + 1, close)), ...valueAndExemplar(line.slice(close + 1)) });
    } else if (space > 0) {
      samples.push({ name: line.slice(0, space), labels: {}, ...valueAndExemplar(line.slice(space)) });
    }
  }
  return { types, samples };
}
