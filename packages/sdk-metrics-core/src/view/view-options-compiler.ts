// Plain view option objects, as the official SDK takes them (`views: [{ instrumentName,
// name, ... }]`), are turned into Views by @meterkit/views, which registers itself here
// when it is loaded. The core cannot import it (the views package depends on the core),
// and the registration lives on globalThis so that the CommonJS and ESM builds of the two
// packages find each other whichever way an app loads them.
import type { View } from './view';
import type { ViewOptions } from './view-options';

/** Turns plain view options into a {@link View}; `@meterkit/views` registers one when loaded. */
export type ViewOptionsCompiler = (options: ViewOptions) => View;

const REGISTRY_KEY = Symbol.for('@meterkit/views/view-options-compiler');

type Registry = { [REGISTRY_KEY]?: ViewOptionsCompiler };

/** Lets `new MeterProvider({ views })` take plain view options; `@meterkit/views` calls it when loaded. */
export function registerViewOptionsCompiler(compiler: ViewOptionsCompiler): void {
  (globalThis as Registry)[REGISTRY_KEY] = compiler;
}

export function getViewOptionsCompiler(): ViewOptionsCompiler | undefined {
  return (globalThis as Registry)[REGISTRY_KEY];
}
