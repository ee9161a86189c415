import { ByteWriter } from '../src/byte-writer';
import { formatValue } from '../src/exposition-format';

function written(write: (out: ByteWriter) => void, capacity = 0): Buffer {
  const out = new ByteWriter();
  out.start(capacity);
  write(out);
  return out.finish();
}

describe('ByteWriter', () => {
  test.each([
    0, -0, 1, 9, 10, 99, 100, 12345, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -1, -(2 ** 31), 0.5, 1e-7, 1e21, 123.456,
    Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity,
  ])('number %p is written as formatValue writes it', (value) => {
    expect(written((out) => out.number(value)).toString('latin1')).toBe(formatValue(value));
  });

  test('text is UTF-8, short and long, ASCII or not (a surrogate pair is one character)', () => {
    const pieces = ['a', 'é', 'x'.repeat(16), `${'y'.repeat(15)}ü`, '😀', `long ${'z'.repeat(40)} ünïcode 😀 end`, ''];
    const bytes = written((out) => pieces.forEach((piece) => out.text(piece)));
    expect(bytes.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  test('grows past its first capacity and keeps what it wrote', () => {
    const expected: string[] = [];
    const bytes = written((out) => {
      for (let i = 0; i < 1000; i++) {
        out.text(`line ${i} ü `);
        out.number(i);
        out.byte(0x0a);
        expected.push(`line ${i} ü ${i}\n`);
      }
    }, 16);
    expect(bytes.toString('utf8')).toBe(expected.join(''));
  });

  test('labeledSample writes what its pieces write, values and UTF-8 labels alike, also across a growth', () => {
    const head = Buffer.from('x_total{');
    const bodies = ['a="1"', `b="${'ü'.repeat(30)}",c="😀"`, `route="/api/${'r'.repeat(100)}"`];
    const values = [0, 7, 2 ** 31 - 1, 2 ** 31, -1, 0.5, 1e21, NaN, Infinity, -Infinity, Number.MIN_VALUE];
    const whole = written((out) => {
      for (const body of bodies) for (const value of values) out.labeledSample(head, body, value);
    }, 8);
    const pieces = written((out) => {
      for (const body of bodies) {
        for (const value of values) {
          out.bytes(head);
          out.text(body);
          out.text('} ');
          out.number(value);
          out.byte(0x0a);
        }
      }
    });
    expect(whole.equals(pieces)).toBe(true);
    expect(whole.toString('utf8').split('\n')[0]).toBe('x_total{a="1"} 0');
  });

  test('repeat copies bytes written earlier, also across a growth', () => {
    const bytes = written((out) => {
      out.bytes(Buffer.from('x{a="1"'));
      const end = out.length;
      out.byte(0x7d);
      for (let i = 0; i < 100; i++) out.repeat(2, end);
    }, 8);
    expect(bytes.toString()).toBe(`x{a="1"}${'a="1"'.repeat(100)}`);
  });

  test('each exposition gets its own buffer: an earlier result is not overwritten', () => {
    const out = new ByteWriter();
    out.start(0);
    out.text('first');
    const first = out.finish();
    out.start(0);
    out.text('second');
    expect(out.finish().toString()).toBe('second');
    expect(first.toString()).toBe('first');
  });
});
