import { closestName, rejectUnknownOptions } from '../src/util/option-names';

describe('rejectUnknownOptions', () => {
  const known = ['url', 'headers', 'compression', 'timeoutMillis'];

  it('accepts known names and absent options', () => {
    expect(() => rejectUnknownOptions({ url: 'x', compression: 'gzip' }, known, 'Exporter')).not.toThrow();
    expect(() => rejectUnknownOptions(undefined, known, 'Exporter')).not.toThrow();
  });

  it('names the unknown option and the closest valid one', () => {
    expect(() => rejectUnknownOptions({ compresion: 'gzip' }, known, 'OTLPMetricExporter')).toThrow(
      /OTLPMetricExporter: unknown option 'compresion' \(did you mean 'compression'\?\)/,
    );
  });

  it('does not suggest a name that is far away', () => {
    expect(() => rejectUnknownOptions({ zzzzzzzz: 1 }, known, 'X')).toThrow(/unknown option 'zzzzzzzz'; valid options/);
  });

  it.each([
    ['prot', ['host', 'port', 'endpoint'], 'port'],
    ['exportIntervalMilis', ['exportIntervalMillis', 'exportTimeoutMillis'], 'exportIntervalMillis'],
    ['Headers', ['headers'], 'headers'],
  ])('closestName(%s) is %s', (name, names, expected) => {
    expect(closestName(name, names)).toBe(expected);
  });
});
