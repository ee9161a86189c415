// Forced garbage collection, available when node runs with --expose-gc (the bench script
// passes it). Without it (e.g. under jest) memory figures are marked as unreliable.
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  // Two passes: the first may only move survivors; weak references and finalizers settle in the second.
  gc();
  gc();
}

export const gcAvailable = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';
