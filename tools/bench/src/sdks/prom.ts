// prom-client with its own Registry (never the global one), label names declared.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const PROM_LABELS = ['method', 'route', 'status'] as const;

export interface PromSetup {
  registry: Registry;
  counter(name: string, labelNames?: readonly string[]): Counter<string>;
  gauge(name: string, labelNames?: readonly string[]): Gauge<string>;
  histogram(name: string, labelNames?: readonly string[]): Histogram<string>;
}

export function createProm(): PromSetup {
  const registry = new Registry();
  return {
    registry,
    counter: (name, labelNames = PROM_LABELS) =>
      new Counter({ name, help: name, labelNames: [...labelNames], registers: [registry] }),
    gauge: (name, labelNames = PROM_LABELS) =>
      new Gauge({ name, help: name, labelNames: [...labelNames], registers: [registry] }),
    // prom-client's default buckets are its own (0.005 .. 10 s); the OpenTelemetry default
    // boundaries (0 .. 10000, 15 bounds) are passed so that the three libraries do the same work.
    histogram: (name, labelNames = PROM_LABELS) =>
      new Histogram({
        name,
        help: name,
        labelNames: [...labelNames],
        buckets: [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
        registers: [registry],
      }),
  };
}
