// The substitution table of configuration/data-model.md, row by row, through the real parser.
import { ConfigFileError, parseConfigText, substituteEnvReferences } from '../src';

const ENV = {
  STRING_VALUE: 'value',
  BOOL_VALUE: 'true',
  INT_VALUE: '1',
  FLOAT_VALUE: '1.1',
  HEX_VALUE: '0xdeadbeef',
  INVALID_MAP_VALUE: 'value\nkey:value',
  DO_NOT_REPLACE_ME: 'Never use this value',
  REPLACE_ME: '${DO_NOT_REPLACE_ME}',
  VALUE_WITH_ESCAPE: 'value$$',
  EMPTY: '',
};

function value(yamlValue: string): unknown {
  return (parseConfigText(`key: ${yamlValue}\n`, ENV) as { key: unknown }).key;
}

test.each<[string, unknown]>([
  ['${STRING_VALUE}', 'value'],
  ['${BOOL_VALUE}', true],
  ['${INT_VALUE}', 1],
  ['${FLOAT_VALUE}', 1.1],
  ['${HEX_VALUE}', 3735928559],
  ['"${STRING_VALUE}"', 'value'],
  ['"${BOOL_VALUE}"', 'true'],
  ['"${INT_VALUE}"', '1'],
  ['"${FLOAT_VALUE}"', '1.1'],
  ['"${HEX_VALUE}"', '0xdeadbeef'],
  ['${env:STRING_VALUE}', 'value'],
  ['${INVALID_MAP_VALUE}', 'value\nkey:value'],
  ['foo ${STRING_VALUE} ${FLOAT_VALUE}', 'foo value 1.1'],
  ['${UNDEFINED_KEY}', null],
  ['${EMPTY:-fallback}', 'fallback'],
  ['${UNDEFINED_KEY:-fallback}', 'fallback'],
  ['${REPLACE_ME}', '${DO_NOT_REPLACE_ME}'],
  ['${UNDEFINED_KEY:-${STRING_VALUE}}', '${STRING_VALUE}'],
  ['$${STRING_VALUE}', '${STRING_VALUE}'],
  ['$$${STRING_VALUE}', '$value'],
  ['$$$${STRING_VALUE}', '$${STRING_VALUE}'],
  ['$${STRING_VALUE:-fallback}', '${STRING_VALUE:-fallback}'],
  ['$${STRING_VALUE:-${STRING_VALUE}}', '${STRING_VALUE:-value}'],
  ['${UNDEFINED_KEY:-$${UNDEFINED_KEY}}', '${UNDEFINED_KEY:-${UNDEFINED_KEY}}'],
  ['${VALUE_WITH_ESCAPE}', 'value$$'],
])('key: %s', (input, expected) => {
  expect(value(input)).toEqual(expected);
});

test('mapping keys are not substituted', () => {
  expect(parseConfigText('${STRING_VALUE}: value\n', ENV)).toEqual({ '${STRING_VALUE}': 'value' });
});

test.each(['${STRING_VALUE:?error}', '${1API_KEY}', '${API_$KEY}', '${sys:user.name}'])('%s is a parse error, the whole file is refused', (input) => {
  expect(() => value(input)).toThrow(ConfigFileError);
});

test('substituteEnvReferences on its own: left-to-right escapes', () => {
  expect(substituteEnvReferences('$${FOO} ${BAR} $${BAZ}', { FOO: 'a', BAR: 'b', BAZ: 'c' })).toBe('${FOO} b ${BAZ}');
});

test('invalid YAML and a non-mapping document are ConfigFileErrors', () => {
  expect(() => parseConfigText('a: [1, 2\n', {})).toThrow(/not valid YAML/);
  expect(() => parseConfigText('just a string\n', {})).toThrow(/mapping at its top level/);
  expect(() => parseConfigText('a: 1\na: 2\n', {})).toThrow(ConfigFileError);
});
