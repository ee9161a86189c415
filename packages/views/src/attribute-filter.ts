// Turns a view's attribute options (`attributesProcessors`, the official list, and the
// meterkit shorthand `attributeKeys: { allow, deny }`) into the single AttributesProcessor
// the core applies before keying. Key filters are built with the core's processors so the
// core keeps its allocation-free `keepKey` path.
import {
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
  createMultiAttributesProcessor,
  type AttributesProcessor,
} from '@meterkit/sdk-metrics-core';

export type { AttributeKeysOption } from '@meterkit/sdk-metrics-core';

function validateKeyList(value: unknown, path: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((key) => typeof key !== 'string')) {
    throw new TypeError(`View option '${path}' must be an array of attribute keys (strings)`);
  }
  return value.slice();
}

function validateProcessors(value: unknown): AttributesProcessor[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(
      "View option 'attributesProcessors' must be an array of attribute processors, e.g. [createAllowListAttributesProcessor(['http.method'])]",
    );
  }
  value.forEach((processor, i) => {
    if (typeof processor !== 'object' || processor === null || typeof processor.process !== 'function') {
      throw new TypeError(
        `View option 'attributesProcessors' element ${i} is not an attribute processor (an object with a process(attributes) method)`,
      );
    }
  });
  return value.slice();
}

/**
 * The processor for a view, or undefined when the view keeps every attribute. Processors
 * from `attributesProcessors` run first, in order, then the `attributeKeys` filter.
 */
export function buildAttributesProcessor(
  attributesProcessors: unknown,
  attributeKeys: unknown,
): AttributesProcessor | undefined {
  const processors = validateProcessors(attributesProcessors);
  if (attributeKeys !== undefined) {
    if (typeof attributeKeys !== 'object' || attributeKeys === null || Array.isArray(attributeKeys)) {
      throw new TypeError(
        "View option 'attributeKeys' must be an object { allow?: string[]; deny?: string[] }",
      );
    }
    const { allow, deny, ...rest } = attributeKeys as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw new TypeError(
        `View option 'attributeKeys' has unknown key(s) ${unknown.map((k) => `'${k}'`).join(', ')}; expected 'allow' and/or 'deny'`,
      );
    }
    const allowList = validateKeyList(allow, 'attributeKeys.allow');
    const denyList = validateKeyList(deny, 'attributeKeys.deny');
    if (allowList) processors.push(createAllowListAttributesProcessor(allowList));
    if (denyList) processors.push(createDenyListAttributesProcessor(denyList));
  }
  if (processors.length === 0) return undefined;
  return createMultiAttributesProcessor(processors);
}
