// The semantic-convention names, units and attribute keys this package emits, in one place so
// the cross-check test against @opentelemetry/instrumentation-runtime-node reads one table.
// (v8js.heap.space.* and process.open_file_descriptor.count are deprecated in the
// conventions; their replacements v8js.memory.heap.space.* and process.unix.* are used.)

export const ATTR_NODEJS_EVENTLOOP_STATE = 'nodejs.eventloop.state';
export const ATTR_V8JS_HEAP_SPACE_NAME = 'v8js.heap.space.name';
export const ATTR_V8JS_GC_TYPE = 'v8js.gc.type';
export const ATTR_V8JS_RESOURCE_TYPE = 'v8js.resource.type';
export const ATTR_CPU_MODE = 'cpu.mode';

export const EVENTLOOP_DELAY_STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;

/** Buckets of v8js.gc.duration (seconds): the same as instrumentation-runtime-node's. */
export const GC_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
