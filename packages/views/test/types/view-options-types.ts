// Compile-time checks: plain view objects are typed as the official ViewOptions shape, so a
// misspelled option fails to compile (each `@ts-expect-error` line must be an error, or tsc
// reports the unused directive). Checked by test/view-options-types.test.ts and `pnpm lint`.
import type * as official from '@opentelemetry/sdk-metrics';
import { AggregationType, InstrumentType, MeterProvider } from '@meterkit/sdk-metrics-core';
import { createView, type ViewOptions } from '../../src';

type Assert<T extends true> = T;
type OneWay<A, B> = [A] extends [B] ? true : false;

export type Checks = [
  // Anything written for the official SDK is accepted unchanged ...
  Assert<OneWay<official.ViewOptions, ViewOptions>>,
  // ... and meterkit's options minus its `attributeKeys` shorthand are the official ones.
  Assert<OneWay<Omit<ViewOptions, 'attributeKeys'>, official.ViewOptions>>,
];

export const ok = new MeterProvider({
  views: [
    { instrumentName: 'http.server.*', aggregationCardinalityLimit: 100 },
    { instrumentType: InstrumentType.HISTOGRAM, aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2] } } },
    { meterName: 'checkout', attributeKeys: { allow: ['http.route'] } },
    createView({ instrumentName: 'traffic_volume', name: 'request_count' }),
  ],
});

export const typoInProvider = new MeterProvider({
  // @ts-expect-error misspelled option name in a plain view object
  views: [{ instrumentNme: 'traffic_volume', name: 'request_count' }],
});

// @ts-expect-error misspelled option name in createView
export const typoInCreateView = createView({ instrumentName: 'x', aggregationCardinalityLimt: 10 });

export const wrongType = new MeterProvider({
  // @ts-expect-error an option of the wrong type
  views: [{ instrumentName: 'x', aggregationCardinalityLimit: '10' }],
});
