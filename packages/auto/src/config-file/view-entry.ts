// One entry of meter_provider.views: selector and stream, as @meterkit/views ViewOptions.
// attribute_keys with wildcards becomes a key-filter processor (the core's allocation-free
// keepKey path); exact lists become the views package's attributeKeys shorthand.
import { AggregationType, InstrumentType, type AggregationOption } from '@meterkit/sdk-metrics-core';
import type { ViewOptions } from '@meterkit/views';
import { compileKeyPatterns } from '../key-patterns';
import { Problems, boolean, choice, includeExclude, integer, list, mapping, oneOfValues, string } from './checks';

const INSTRUMENT_TYPES: Record<string, InstrumentType> = {
  counter: InstrumentType.COUNTER,
  gauge: InstrumentType.GAUGE,
  histogram: InstrumentType.HISTOGRAM,
  observable_counter: InstrumentType.OBSERVABLE_COUNTER,
  observable_gauge: InstrumentType.OBSERVABLE_GAUGE,
  observable_up_down_counter: InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
  up_down_counter: InstrumentType.UP_DOWN_COUNTER,
};

export function readView(value: unknown, path: string, p: Problems): ViewOptions | undefined {
  const v = mapping(value, path, ['selector', 'stream'], p);
  if (v === undefined) return undefined;
  if (v.selector === undefined) p.error(`${path}.selector`, 'required');
  if (v.stream === undefined) p.error(`${path}.stream`, 'required');
  const s = mapping(v.selector, `${path}.selector`, ['instrument_name', 'instrument_type', 'unit', 'meter_name', 'meter_version', 'meter_schema_url'], p) ?? {};
  const at = `${path}.stream`;
  const st = mapping(v.stream, at, ['name', 'description', 'aggregation', 'aggregation_cardinality_limit', 'attribute_keys'], p) ?? {};
  const view: ViewOptions = {};
  const assign = <K extends keyof ViewOptions>(key: K, val: ViewOptions[K] | undefined) => {
    if (val !== undefined) view[key] = val;
  };
  assign('instrumentName', string(s.instrument_name, `${path}.selector.instrument_name`, p));
  const type = oneOfValues(s.instrument_type, `${path}.selector.instrument_type`, Object.keys(INSTRUMENT_TYPES), p);
  assign('instrumentType', type === undefined ? undefined : INSTRUMENT_TYPES[type]);
  assign('instrumentUnit', string(s.unit, `${path}.selector.unit`, p));
  assign('meterName', string(s.meter_name, `${path}.selector.meter_name`, p));
  assign('meterVersion', string(s.meter_version, `${path}.selector.meter_version`, p));
  assign('meterSchemaUrl', string(s.meter_schema_url, `${path}.selector.meter_schema_url`, p));
  assign('name', string(st.name, `${at}.name`, p));
  assign('description', string(st.description, `${at}.description`, p));
  assign('aggregationCardinalityLimit', integer(st.aggregation_cardinality_limit, `${at}.aggregation_cardinality_limit`, p, { min: 1 }));
  assign('aggregation', readAggregation(st.aggregation, `${at}.aggregation`, p));
  const keys = st.attribute_keys === undefined || st.attribute_keys === null ? undefined : includeExclude(st.attribute_keys, `${at}.attribute_keys`, p);
  if (keys !== undefined) {
    const patterns = [...(keys.included ?? []), ...(keys.excluded ?? [])];
    if (patterns.some((k) => k.includes('*') || k.includes('?'))) {
      const keepKey = compileKeyPatterns(keys.included, keys.excluded);
      view.attributesProcessors = [
        {
          keepKey,
          process(incoming) {
            const out: typeof incoming = {};
            for (const key in incoming) if (keepKey(key)) out[key] = incoming[key];
            return out;
          },
        },
      ];
    } else {
      view.attributeKeys = { ...(keys.included && { allow: keys.included }), ...(keys.excluded && { deny: keys.excluded }) };
    }
  }
  return view;
}

function readAggregation(value: unknown, at: string, p: Problems): AggregationOption | undefined {
  if (value === undefined || value === null) return undefined;
  const picked = choice(value, at, ['default', 'drop', 'explicit_bucket_histogram', 'base2_exponential_bucket_histogram', 'last_value', 'sum'], p);
  if (picked === undefined) return undefined;
  const [kind, body] = picked;
  const a = `${at}.${kind}`;
  switch (kind) {
    case 'default':
      mapping(body, a, [], p);
      return { type: AggregationType.DEFAULT };
    case 'drop':
      mapping(body, a, [], p);
      return { type: AggregationType.DROP };
    case 'last_value':
      mapping(body, a, [], p);
      return { type: AggregationType.LAST_VALUE };
    case 'sum':
      mapping(body, a, [], p);
      return { type: AggregationType.SUM };
    case 'explicit_bucket_histogram': {
      const h = mapping(body, a, ['boundaries', 'record_min_max'], p) ?? {};
      const boundaries: number[] = [];
      if (Array.isArray(h.boundaries)) {
        h.boundaries.forEach((b, i) => {
          if (typeof b === 'number' && Number.isFinite(b)) boundaries.push(b);
          else p.error(`${a}.boundaries[${i}]`, `expected a number, got ${JSON.stringify(b)}`);
        });
        for (let i = 1; i < boundaries.length; i++) {
          if (!(boundaries[i]! > boundaries[i - 1]!)) p.error(`${a}.boundaries`, 'must be strictly increasing');
        }
      } else if (h.boundaries !== undefined && h.boundaries !== null) {
        list(h.boundaries, `${a}.boundaries`, p, () => undefined);
      }
      const recordMinMax = boolean(h.record_min_max, `${a}.record_min_max`, p) ?? true;
      const hasBoundaries = h.boundaries !== undefined && h.boundaries !== null;
      return {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: hasBoundaries ? boundaries : [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000], recordMinMax },
      };
    }
    default: {
      const e = mapping(body, a, ['max_scale', 'max_size', 'record_min_max'], p) ?? {};
      const options: { maxScale?: number; maxSize?: number; recordMinMax?: boolean } = {};
      const maxScale = integer(e.max_scale, `${a}.max_scale`, p, { min: -10, max: 20 });
      const maxSize = integer(e.max_size, `${a}.max_size`, p, { min: 2 });
      const recordMinMax = boolean(e.record_min_max, `${a}.record_min_max`, p);
      if (maxScale !== undefined) options.maxScale = maxScale;
      if (maxSize !== undefined) options.maxSize = maxSize;
      if (recordMinMax !== undefined) options.recordMinMax = recordMinMax;
      return { type: AggregationType.EXPONENTIAL_HISTOGRAM, options };
    }
  }
}
