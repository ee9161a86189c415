// Attribute processors run before an attribute set is keyed, so a filtered-out key never
// creates a series and the cardinality limit counts filtered sets.
import type { Attributes, Context } from '@opentelemetry/api';
import { setOwn } from '../state/canonical-attributes';

/** Rewrites the attributes of each measurement of a view's stream before aggregation (allow list, deny list, your own). */
export interface AttributesProcessor {
  /** The attributes to aggregate the measurement under (a new object, or the input when unchanged). */
  process(incoming: Attributes, context?: Context): Attributes;
  /**
   * Optional fast path. When present, the processor keeps exactly the keys for which
   * `keepKey` returns true and changes no value; the SDK then filters while it looks the
   * series up, without building a new attributes object on every measurement.
   */
  readonly keepKey?: (key: string) => boolean;
}

/** Name used by @opentelemetry/sdk-metrics. */
export type IAttributesProcessor = AttributesProcessor;

function keyFilterProcessor(keepKey: (key: string) => boolean): AttributesProcessor {
  return {
    keepKey,
    process(incoming: Attributes): Attributes {
      const out: Attributes = {};
      for (const key in incoming) {
        // Own keys only, as everywhere an attribute set is read (inherited keys are not attributes).
        if (Object.prototype.hasOwnProperty.call(incoming, key) && keepKey(key)) setOwn(out, key, incoming[key]);
      }
      return out;
    },
  };
}

/** Keeps only the listed attribute keys. */
export function createAllowListAttributesProcessor(allowList: readonly string[]): AttributesProcessor {
  const allowed = new Set(allowList);
  return keyFilterProcessor((key) => allowed.has(key));
}

/** Removes the listed attribute keys. */
export function createDenyListAttributesProcessor(denyList: readonly string[]): AttributesProcessor {
  const denied = new Set(denyList);
  return keyFilterProcessor((key) => !denied.has(key));
}

/** Runs processors in order; stays on the fast key-filter path when every one of them is a key filter. */
export function createMultiAttributesProcessor(processors: readonly AttributesProcessor[]): AttributesProcessor {
  if (processors.length === 1) return processors[0];
  if (processors.every((p) => typeof p.keepKey === 'function')) {
    const filters = processors.map((p) => p.keepKey!);
    return keyFilterProcessor((key) => filters.every((keep) => keep(key)));
  }
  return {
    process(incoming: Attributes, context?: Context): Attributes {
      let attributes = incoming;
      for (const p of processors) attributes = p.process(attributes, context);
      return attributes;
    },
  };
}
