// What the many-series recording rows measure and what their lower bound is, rendered into
// docs/benchmarks.md under the tables (the generated file must explain its own rows).

export const MANY_SERIES_GUIDE = `## Recording across many series: what each row measures

Services record across thousands of series, so consecutive calls rarely repeat the previous
call's set and no library's one-entry cache helps. Each of these rows has a *lower bound*
column: \`Map.get\` on a key string computed before the loop (the set's values joined), then
the same aggregation update in plain JS. It is the floor for "find one series among many": it
never reads the attributes object nor builds a key from it, which every library has to do. The
targets ask for meterkit within 4x of it (6x with 8 attributes or an array value), at least 3x
faster than prom-client and 10x faster than the official SDK.

- **Counter.add, 1,000 distinct attribute sets round-robin** (\`counter.1000-sets\`): 3
  attributes, objects built beforehand and reused, called in turn. Lower bound: \`Map.get\`
  over 1,000 keys.
- **10,000 / 100,000 distinct attribute sets** (\`many.counter.10000-sets\`,
  \`many.counter.100000-sets\`): the same at 10k and 100k series, where the series no longer
  fit in the CPU caches. Lower bound: \`Map.get\` over 10k / 100k keys.
- **two key orders alternating** (\`counter.key-order\`): one set, written as fresh literals in
  two key orders on alternate calls, so a cache keyed by enumeration order misses every call.
  Lower bound: \`Map.get\` of one key.
- **8 attributes** (\`many.counter.8-attributes\`): 1,000 sets of 8 attributes round-robin:
  hashing and comparing grow with the attribute count. Lower bound: \`Map.get\` over 1,000 keys.
- **array-valued attribute** (\`many.counter.array-value\`): 1,000 sets holding a string
  array (each set its own array, reused): arrays are compared element by element. No
  prom-client case (its label values cannot be arrays). Lower bound: \`Map.get\` over 1,000 keys.
- **fresh object literal per call over 1,000 sets** (\`many.counter.fresh-literal\`): the
  literal is written at the call, its values read from arrays built beforehand, as an
  instrumented handler would. Lower bound: \`Map.get\` over 1,000 keys.
- **50 instruments x 100 series, interleaved** (\`many.counter.50-instruments\`): 50 counters
  on one meter, each call on the next instrument, 5,000 series in all. Lower bound: one
  \`Map.get\` over the 5,000 (instrument, set) keys.
- **Histogram, 1,000 sets** (\`many.histogram.1000-sets\`): default explicit buckets. Lower
  bound: \`Map.get\`, then a linear scan of the 15 boundaries and the count, sum, min and max
  updates.
- **Exponential histogram, 1,000 sets** (\`many.histogram.exponential.1000-sets\`): the base-2
  exponential aggregation through a view. Lower bound: \`Map.get\`, a bucket index from
  \`Math.log\` at scale 20 counted in a \`Map\` (no rescaling), count, sum, min and max.
- The bound-handle row (\`counter.bound\`) is a meterkit extension (\`bind()\`); its prom-client
  column is prom-client's own bound form, \`labels()\` called once and \`inc\` on the child.
- The OTLP/HTTP export rows compare meterkit's protobuf exporter with the official *protobuf*
  exporter (\`@opentelemetry/exporter-metrics-otlp-proto\`); both JSON exporters are in the
  details.
`;
