// Compile-time checks of bind(): typed per instrument kind from the API's instrument types,
// with no cast in user code. Checked by test/bind-helper.test.ts with the TypeScript compiler
// (strict) and by `pnpm lint`; each `@ts-expect-error` line must fail to compile.
import { metrics, type Counter, type Histogram } from '@opentelemetry/api';
import { bind, isBindable, type BoundCounter, type BoundHistogram } from '../../src';

type Assert<T extends true> = T;
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const meter = metrics.getMeter('types');
const counter = meter.createCounter('c');
const upDown = meter.createUpDownCounter('u');
const histogram = meter.createHistogram('h');
const gauge = meter.createGauge('g');

const boundCounter = bind(counter, { route: '/' });
const boundUpDown = bind(upDown, { route: '/' });
const boundHistogram = bind(histogram, { route: '/' });
const boundGauge = bind(gauge);

export type Checks = [
  Assert<Equal<typeof boundCounter, BoundCounter>>,
  Assert<Equal<typeof boundUpDown, BoundCounter>>,
  Assert<Equal<typeof boundHistogram, BoundHistogram>>,
  Assert<Equal<typeof boundGauge, BoundHistogram>>,
];

boundCounter.add(1);
boundHistogram.record(0.5);
// @ts-expect-error a bound counter has no record()
boundCounter.record(1);
// @ts-expect-error a bound histogram has no add()
boundHistogram.add(1);
// @ts-expect-error attribute values must be attribute values
bind(counter, { route: () => '/' });
// @ts-expect-error only instruments can be bound
bind({ name: 'not an instrument' });

// Typed attributes carry through.
const typed = meter.createCounter<{ route: string }>('typed');
bind(typed, { route: '/a' });
// @ts-expect-error the instrument's attribute type is enforced
bind(typed, { route: 1 });

// The guard narrows an API instrument to one with bind(), typed per kind.
function bindIfMeterkit(c: Counter, h: Histogram): void {
  if (isBindable(c)) {
    const b: BoundCounter = c.bind({ a: 1 });
    b.add(1);
  }
  if (isBindable(h)) {
    const b: BoundHistogram = h.bind();
    b.record(1);
  }
}
bindIfMeterkit(counter, histogram);
