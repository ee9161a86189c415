import { compileNamePattern, hasWildcard } from '../src';

function matcher(pattern: string) {
  return compileNamePattern(pattern);
}

describe('compileNamePattern', () => {
  test('a literal name matches itself only, ignoring ASCII case', () => {
    const m = matcher('http.server.duration');
    expect(m('http.server.duration')).toBe(true);
    expect(m('HTTP.Server.Duration')).toBe(true);
    expect(m('http.server.duration2')).toBe(false);
    expect(m('http.server.duratio')).toBe(false);
    expect(m('')).toBe(false);
  });

  test('an upper-case pattern matches lower-case names', () => {
    expect(matcher('Traffic_Volume')('traffic_volume')).toBe(true);
    expect(matcher('TRAFFIC*')('traffic_volume')).toBe(true);
    expect(matcher('*_VOLUME')('traffic_volume')).toBe(true);
    expect(matcher('T?AFFIC*E')('traffic_volume')).toBe(true);
  });

  test('* matches every name, including the empty one', () => {
    for (const p of ['*', '**', '***']) {
      const m = matcher(p);
      expect(m('')).toBe(true);
      expect(m('a')).toBe(true);
      expect(m('http.server.request.duration')).toBe(true);
    }
  });

  test('prefix and suffix wildcards', () => {
    expect(matcher('http.*')('http.server.duration')).toBe(true);
    expect(matcher('http.*')('http.')).toBe(true);
    expect(matcher('http.*')('http')).toBe(false);
    expect(matcher('http.*')('https.server')).toBe(false);
    expect(matcher('*.duration')('http.server.duration')).toBe(true);
    expect(matcher('*.duration')('duration')).toBe(false);
    expect(matcher('a*a')('a')).toBe(false); // prefix and suffix may not overlap
    expect(matcher('a*a')('aa')).toBe(true);
  });

  test('a*b*c: stars in the middle match any run, with backtracking', () => {
    const m = matcher('a*b*c');
    expect(m('abc')).toBe(true);
    expect(m('aXXbYYc')).toBe(true);
    expect(m('abbbc')).toBe(true);
    expect(m('abcabc')).toBe(true);
    expect(m('acb')).toBe(false);
    expect(m('abcd')).toBe(false);
    expect(m('xabc')).toBe(false);
    expect(matcher('*a*b*')('zzazzbzz')).toBe(true);
    expect(matcher('*a*b*')('zzbzzazz')).toBe(false);
  });

  test('? matches exactly one character', () => {
    const m = matcher('cpu?');
    expect(m('cpu0')).toBe(true);
    expect(m('cpu.')).toBe(true);
    expect(m('cpu')).toBe(false);
    expect(m('cpu10')).toBe(false);
    expect(matcher('???')('abc')).toBe(true);
    expect(matcher('???')('ab')).toBe(false);
    expect(matcher('?')('')).toBe(false);
    expect(matcher('a?c*')('abcdef')).toBe(true);
    expect(matcher('*?')('')).toBe(false);
    expect(matcher('*?')('x')).toBe(true);
    expect(matcher('db.?.*.count')('db.a.pool.count')).toBe(true);
    expect(matcher('db.?.*.count')('db.ab.pool.count')).toBe(false);
  });

  test('regular-expression metacharacters are literal', () => {
    expect(matcher('a.b')('a.b')).toBe(true);
    expect(matcher('a.b')('axb')).toBe(false);
    expect(matcher('a+b')('a+b')).toBe(true);
    expect(matcher('a+b')('aab')).toBe(false);
    expect(matcher('fn(x)')('fn(x)')).toBe(true);
    expect(matcher('fn(x)')('fnx')).toBe(false);
    expect(matcher('[ab]')('a')).toBe(false);
    expect(matcher('[ab]')('[ab]')).toBe(true);
    expect(matcher('^x$')('^x$')).toBe(true);
    expect(matcher('^x$')('x')).toBe(false);
    expect(matcher('a\\d')('a\\d')).toBe(true);
    expect(matcher('a\\d')('a1')).toBe(false);
    expect(matcher('c++.*')('c++.ops')).toBe(true);
    expect(matcher('c++.*')('ccc.ops')).toBe(false);
    expect(matcher('x.*.y|z')('x.1.y|z')).toBe(true);
    expect(matcher('x.*.y|z')('z')).toBe(false);
  });

  test('the compiled matcher does not build regular expressions when called', () => {
    const m = matcher('a*b?c*');
    const spy = jest.spyOn(global, 'RegExp');
    try {
      expect(m('aXbYcZ')).toBe(true);
      expect(m('nope')).toBe(false);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('hasWildcard', () => {
    expect(hasWildcard('a.b')).toBe(false);
    expect(hasWildcard('a*')).toBe(true);
    expect(hasWildcard('a?')).toBe(true);
  });
});

describe('compileNamePattern agrees with a reference regular expression', () => {
  // Reference: the pattern translated to an anchored, case-insensitive RegExp with every
  // other character escaped. Deterministic pseudo-random inputs over a small alphabet so
  // that collisions (and backtracking) are frequent.
  function reference(pattern: string): RegExp {
    const body = [...pattern]
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    return new RegExp(`^${body}$`, 'is');
  }
  let seed = 12345;
  function rand(n: number): number {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  }
  function randomString(alphabet: string, maxLength: number): string {
    let s = '';
    const length = rand(maxLength + 1);
    for (let i = 0; i < length; i++) s += alphabet[rand(alphabet.length)];
    return s;
  }

  test('on 3000 random pattern/name pairs', () => {
    for (let i = 0; i < 300; i++) {
      const pattern = randomString('ab.A+*?', 7);
      const m = compileNamePattern(pattern);
      const re = reference(pattern);
      for (let j = 0; j < 10; j++) {
        const name = randomString('abAB.+', 9);
        if (m(name) !== re.test(name)) {
          throw new Error(`pattern ${JSON.stringify(pattern)} name ${JSON.stringify(name)}: got ${m(name)}`);
        }
      }
    }
  });
});
