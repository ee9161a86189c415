// A small parser for the Prometheus text exposition format (0.0.4), enough to read back the
// demo's series from a real scrape: `# TYPE` lines, and samples `name{label="value",...} value`.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
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
      const close = line.lastIndexOf('}');
      const rest = line.slice(close + 1).trim().split(/\s+/);
      samples.push({ name: line.slice(0, brace), labels: parseLabels(line.slice(brace + 1, close)), value: parseValue(rest[0]) });
    } else {
      const [name, value] = line.split(/\s+/);
      samples.push({ name, labels: {}, value: parseValue(value) });
    }
  }
  return { types, samples };
}
