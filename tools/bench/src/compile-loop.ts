// Every measured loop is compiled from source with `new Function`, once per case. Each
// compiled function has its own type feedback, so the call inside the loop stays
// monomorphic: meterkit's loop never sees prom-client's counter and vice versa. A shared
// loop function would turn every call site megamorphic and measure V8's inline caches
// rather than the libraries.
export type LoopFn = (n: number) => number;

/**
 * `body` runs `n` times with `i` as the iteration index and may add to `s`, whose final
 * value is returned (the harness folds it into a sink so nothing is dead code). The
 * properties of `context` are visible to the body as constants of the same names.
 */
export function compileLoop(context: Record<string, unknown>, body: string): LoopFn {
  const names = Object.keys(context);
  for (const name of names) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`compileLoop: ${name} is not an identifier`);
  }
  const source =
    `'use strict';\n` +
    names.map((name) => `const ${name} = context.${name};\n`).join('') +
    `return function run(n) {\n  let s = 0;\n  for (let i = 0; i < n; i++) {\n    ${body}\n  }\n  return s;\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('context', source)(context) as LoopFn;
}
