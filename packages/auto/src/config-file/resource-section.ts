// The `resource` section: typed attributes, attributes_list, schema_url and the
// detection/development detectors (host, process, service; container is not available here).
import type { DetectedResourceAttributes } from '@opentelemetry/resources';
import { parseAttributesList, type FileResourceSettings } from '../resource';
import { Problems, choice, describe, includeExclude, list, mapping, oneOfValues, string } from './checks';

const ATTRIBUTE_TYPES = ['string', 'bool', 'int', 'double', 'string_array', 'bool_array', 'int_array', 'double_array'] as const;
type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

function valueMatches(type: AttributeType, value: unknown): boolean {
  const scalar = (t: string, v: unknown): boolean =>
    t === 'string' ? typeof v === 'string' : t === 'bool' ? typeof v === 'boolean' : t === 'int' ? Number.isInteger(v) : typeof v === 'number';
  if (type.endsWith('_array')) {
    const item = type.slice(0, -'_array'.length);
    return Array.isArray(value) && value.length > 0 && value.every((v) => scalar(item, v));
  }
  return scalar(type, value);
}

export function readResourceSection(value: unknown, p: Problems): FileResourceSettings {
  const settings: FileResourceSettings = { detectors: [], attributesList: {}, attributes: {} };
  const r = mapping(value, 'resource', ['attributes', 'detection/development', 'schema_url', 'attributes_list'], p);
  if (r === undefined) return settings;
  list(r.attributes, 'resource.attributes', p, (item, path) => {
    const a = mapping(item, path, ['name', 'value', 'type'], p);
    if (a === undefined) return;
    const name = string(a.name, `${path}.name`, p);
    if (name === undefined) p.error(`${path}.name`, 'required');
    const type = oneOfValues(a.type, `${path}.type`, ATTRIBUTE_TYPES, p) ?? 'string';
    if (a.value === null || a.value === undefined) return; // a null value adds nothing
    if (!valueMatches(type, a.value)) {
      p.error(`${path}.value`, `expected a value of type ${type}, got ${describe(a.value)}`);
      return;
    }
    if (name !== undefined) (settings.attributes as DetectedResourceAttributes)[name] = a.value as never;
  });
  const listText = string(r.attributes_list, 'resource.attributes_list', p);
  if (listText !== undefined) settings.attributesList = parseAttributesList(listText, (m) => p.error('resource.attributes_list', m));
  settings.schemaUrl = string(r.schema_url, 'resource.schema_url', p);
  const detection = mapping(r['detection/development'], 'resource.detection/development', ['attributes', 'detectors'], p);
  if (detection !== undefined) {
    if (detection.attributes !== undefined) {
      includeExclude(detection.attributes, 'resource.detection/development.attributes', p);
      p.note('resource.detection/development.attributes', 'filtering detected attributes is not supported; all are kept');
    }
    list(detection.detectors, 'resource.detection/development.detectors', p, (item, path) => {
      const picked = choice(item, path, ['container', 'host', 'process', 'service'], p);
      if (picked === undefined) return;
      if (picked[0] === 'container') p.note(path, 'the container detector is not available in @meterkit/auto; ignored');
      else settings.detectors.push(picked[0]);
    });
  }
  return settings;
}
