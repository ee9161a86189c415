// V8 heap metrics per heap space (v8.getHeapSpaceStatistics(), one call per collection) and the
// active resources keeping the event loop alive (process.getActiveResourcesInfo()).
import { getHeapSpaceStatistics } from 'node:v8';
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { ATTR_V8JS_HEAP_SPACE_NAME, ATTR_V8JS_RESOURCE_TYPE } from './semconv';

export class V8HeapMetrics {
  readonly observables: Observable[];
  private readonly spaceSize: Observable;
  private readonly used: Observable;
  private readonly available: Observable;
  private readonly physical: Observable;
  private readonly activeResources: Observable;
  /** One attributes object per space name and per resource type, reused every collection. */
  private readonly spaceAttributes = new Map<string, Attributes>();
  private readonly resourceAttributes = new Map<string, Attributes>();

  constructor(meter: Meter) {
    this.spaceSize = meter.createObservableUpDownCounter('v8js.memory.heap.space.size', {
      description: 'Total heap memory size pre-allocated for a heap space.',
      unit: 'By',
    });
    this.used = meter.createObservableGauge('v8js.memory.heap.used', { description: 'Heap memory size allocated.', unit: 'By' });
    this.available = meter.createObservableGauge('v8js.memory.heap.space.available_size', {
      description: 'Heap space available size.',
      unit: 'By',
    });
    this.physical = meter.createObservableGauge('v8js.memory.heap.space.physical_size', {
      description: 'Committed size of a heap space.',
      unit: 'By',
    });
    this.activeResources = meter.createObservableGauge('v8js.resource.active', {
      description: 'Count of the active resources that are currently keeping the event loop alive.',
      unit: '{resource}',
    });
    this.observables = [this.spaceSize, this.used, this.available, this.physical, this.activeResources];
  }

  observe(result: BatchObservableResult): void {
    for (const space of getHeapSpaceStatistics()) {
      let attributes = this.spaceAttributes.get(space.space_name);
      if (attributes === undefined) {
        attributes = { [ATTR_V8JS_HEAP_SPACE_NAME]: space.space_name };
        this.spaceAttributes.set(space.space_name, attributes);
      }
      result.observe(this.spaceSize, space.space_size, attributes);
      result.observe(this.used, space.space_used_size, attributes);
      result.observe(this.available, space.space_available_size, attributes);
      result.observe(this.physical, space.physical_space_size, attributes);
    }
    this.observeActiveResources(result);
  }

  private observeActiveResources(result: BatchObservableResult): void {
    const counts = new Map<string, number>();
    for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
    // A type seen once is reported as 0 when it disappears, so a gauge falls back to zero
    // instead of keeping its last value.
    for (const type of counts.keys()) {
      if (!this.resourceAttributes.has(type)) this.resourceAttributes.set(type, { [ATTR_V8JS_RESOURCE_TYPE]: type });
    }
    for (const [type, attributes] of this.resourceAttributes) result.observe(this.activeResources, counts.get(type) ?? 0, attributes);
  }
}
