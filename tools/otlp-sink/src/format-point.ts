import type { ReceivedPoint, ReceivedRequest } from './types';

/**
 * One human-readable line per point, for the CLI:
 * `http/protobuf  requests{route="/a",ok=true} sum cumulative monotonic = 42`
 */
export function formatPoint(p: ReceivedPoint, req?: Pick<ReceivedRequest, 'transport' | 'encoding' | 'compressed'>): string {
  const origin = req ? `${req.transport}/${req.encoding}${req.compressed ? '+gzip' : ''}  ` : '';
  const kind = [p.kind, p.temporality, p.isMonotonic ? 'monotonic' : undefined].filter(Boolean).join(' ');
  const unit = p.unit ? ` [${p.unit}]` : '';
  return `${origin}${p.name}${formatAttributes(p.attributes)} ${kind}${unit} = ${formatValue(p)}${formatExemplars(p)}`;
}

/** ` exemplars=[2.5 trace=<id>, 0.1]`: each value, with its full trace id (to paste into a trace UI). */
function formatExemplars(p: ReceivedPoint): string {
  if (!p.exemplars || p.exemplars.length === 0) return '';
  return ` exemplars=[${p.exemplars.map((e) => (e.traceId ? `${e.value} trace=${e.traceId}` : String(e.value))).join(', ')}]`;
}

export function formatAttributes(attrs: Record<string, unknown>): string {
  const entries = Object.entries(attrs);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

function formatValue(p: ReceivedPoint): string {
  switch (p.kind) {
    case 'sum':
    case 'gauge':
      return String(p.value);
    case 'histogram':
      return fields([
        ['count', p.count],
        ['sum', p.sum],
        ['min', p.min],
        ['max', p.max],
        ['bounds', `[${p.explicitBounds?.join(',')}]`],
        ['counts', `[${p.bucketCounts?.join(',')}]`],
      ]);
    case 'exponentialHistogram':
      return fields([
        ['count', p.count],
        ['sum', p.sum],
        ['min', p.min],
        ['max', p.max],
        ['scale', p.scale],
        ['zero', p.zeroCount],
        ['positive', `${p.positive?.offset}:[${p.positive?.bucketCounts.join(',')}]`],
        ['negative', `${p.negative?.offset}:[${p.negative?.bucketCounts.join(',')}]`],
      ]);
    case 'summary':
      return fields([
        ['count', p.count],
        ['sum', p.sum],
        ['quantiles', `[${(p.quantileValues ?? []).map((q) => `${q.quantile}:${q.value}`).join(',')}]`],
      ]);
  }
}

// Optional fields (sum, min, max) the sender left out are not printed at all.
function fields(entries: [string, unknown][]): string {
  return entries
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
