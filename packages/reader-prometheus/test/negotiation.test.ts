import { acceptsGzip, negotiateFormat } from '../src/content-negotiation';

describe('Accept header → format', () => {
  test.each([
    [undefined, 'text'],
    ['', 'text'],
    ['*/*', 'text'],
    ['text/plain', 'text'],
    ['text/plain;version=0.0.4', 'text'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'openmetrics'],
    // What Prometheus 2.x sends:
    ['application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'openmetrics'],
    ['application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.6', 'text'],
    ['application/openmetrics-text;version=0.0.1', 'text'], // a version we do not write: fall back
    ['application/openmetrics-text;q=0,text/plain', 'text'],
    ['application/json', 'text'],
    ['text/plain;q=0.1, application/openmetrics-text;q=0.1', 'text'], // tie: first listed
    [['text/plain;q=0.2', 'application/openmetrics-text'], 'openmetrics'],
  ])('%j → %s', (accept, expected) => {
    expect(negotiateFormat(accept as string | undefined)).toBe(expected);
  });

  test('restricted to the formats allowed (a prom-client registry fixes the format)', () => {
    expect(negotiateFormat('text/plain', ['openmetrics'])).toBe('openmetrics');
    expect(negotiateFormat('*/*', ['openmetrics'])).toBe('openmetrics');
    expect(negotiateFormat('application/openmetrics-text', ['text'])).toBe('text');
  });
});

describe('Accept-Encoding → gzip', () => {
  test.each([
    [undefined, false],
    ['gzip', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    ['x-gzip', true],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
