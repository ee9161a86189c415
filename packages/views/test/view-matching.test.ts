import type { InstrumentationScope } from '@opentelemetry/core';
import { InstrumentType, View, type InstrumentDescriptor, type ViewOptions } from '../src';

function instrument(name: string, type = InstrumentType.COUNTER, unit = ''): InstrumentDescriptor {
  return { name, type, unit, description: '', valueType: 1, advice: {} } as unknown as InstrumentDescriptor;
}
const scope: InstrumentationScope = { name: 'my-service', version: '1.2.3', schemaUrl: 'https://example.com/s' };

function matches(options: ViewOptions, inst: InstrumentDescriptor, sc: InstrumentationScope = scope): boolean {
  return new View(options).matches(inst, sc);
}

describe('View.matches', () => {
  test('instrumentName literal, case-insensitive', () => {
    expect(matches({ instrumentName: 'traffic_volume' }, instrument('traffic_volume'))).toBe(true);
    expect(matches({ instrumentName: 'traffic_volume' }, instrument('Traffic_Volume'))).toBe(true);
    expect(matches({ instrumentName: 'traffic_volume' }, instrument('traffic_volumes'))).toBe(false);
    expect(matches({ instrumentName: 'process.cpu.utilization' }, instrument('process_cpu_utilization'))).toBe(false);
  });

  test('instrumentName wildcard', () => {
    expect(matches({ instrumentName: '*' }, instrument('anything'))).toBe(true);
    expect(matches({ instrumentName: 'http.server.*' }, instrument('http.server.duration'))).toBe(true);
    expect(matches({ instrumentName: 'http.server.*' }, instrument('http.client.duration'))).toBe(false);
  });

  test('instrumentType', () => {
    const v = new View({ instrumentType: InstrumentType.HISTOGRAM });
    expect(v.matches(instrument('a', InstrumentType.HISTOGRAM), scope)).toBe(true);
    for (const t of Object.values(InstrumentType)) {
      if (t !== InstrumentType.HISTOGRAM) expect(v.matches(instrument('a', t), scope)).toBe(false);
    }
  });

  test('instrumentUnit is exact and case-sensitive', () => {
    expect(matches({ instrumentUnit: 'ms' }, instrument('a', InstrumentType.HISTOGRAM, 'ms'))).toBe(true);
    expect(matches({ instrumentUnit: 'ms' }, instrument('a', InstrumentType.HISTOGRAM, 'Ms'))).toBe(false);
    expect(matches({ instrumentUnit: 'ms' }, instrument('a', InstrumentType.HISTOGRAM, 's'))).toBe(false);
    expect(matches({ instrumentUnit: '' }, instrument('a'))).toBe(true);
  });

  test('meterName, meterVersion, meterSchemaUrl are exact', () => {
    const i = instrument('a');
    expect(matches({ meterName: 'my-service' }, i)).toBe(true);
    expect(matches({ meterName: 'My-Service' }, i)).toBe(false);
    expect(matches({ meterName: 'my-*' }, i)).toBe(false); // no wildcards for meters
    expect(matches({ meterVersion: '1.2.3' }, i)).toBe(true);
    expect(matches({ meterVersion: '1.2' }, i)).toBe(false);
    expect(matches({ meterSchemaUrl: 'https://example.com/s' }, i)).toBe(true);
    expect(matches({ meterSchemaUrl: 'https://example.com/t' }, i)).toBe(false);
  });

  test('a meter without version or schema URL matches only the empty criterion', () => {
    const bare: InstrumentationScope = { name: 'bare' };
    expect(matches({ meterVersion: '' }, instrument('a'), bare)).toBe(true);
    expect(matches({ meterVersion: '1.0.0' }, instrument('a'), bare)).toBe(false);
    expect(matches({ meterSchemaUrl: 'https://example.com/s' }, instrument('a'), bare)).toBe(false);
  });

  test('criteria are combined with AND', () => {
    const view = new View({
      instrumentName: 'traffic_volume',
      instrumentType: InstrumentType.COUNTER,
      meterName: 'my-service',
      name: 'request_count',
    });
    expect(view.matches(instrument('traffic_volume'), scope)).toBe(true);
    expect(view.matches(instrument('traffic_volume', InstrumentType.UP_DOWN_COUNTER), scope)).toBe(false);
    expect(view.matches(instrument('traffic_volume'), { name: 'other' })).toBe(false);
    expect(view.matches(instrument('error_rate'), scope)).toBe(false);
  });

  test('selection is exposed and the view prints readably', () => {
    const view = new View({ instrumentName: 'traffic_volume', instrumentType: InstrumentType.COUNTER, name: 'request_count' });
    expect(view.selection).toEqual({ instrumentName: 'traffic_volume', instrumentType: InstrumentType.COUNTER });
    expect(String(view)).toBe('View(instrumentName="traffic_volume", instrumentType="COUNTER" -> name="request_count")');
  });
});
