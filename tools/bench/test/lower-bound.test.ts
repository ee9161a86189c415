// The bench's lower-bound encoder is only a fair bound if it is correct: on the workloads of the
// encoding rows it must produce the very bytes of meterkit's encoder (same fields, same order).
import { PROTOBUF_METRICS_SERIALIZER } from '@meterkit/otlp-exporter-base';
import { encodeLowerBound } from '../src/lower-bound/otlp-encoder';
import { createSdk, populate, type SeriesKind } from '../src/workloads/series-population';
import { routes } from '../src/workloads/attributes';

test.each(['counter', 'histogram'] as SeriesKind[])('lower bound and meterkit encode a %s collection to the same bytes', async (kind) => {
  const population = populate(createSdk('meterkit', 'cumulative', 500), kind, routes(500));
  population.recordAll(1);
  const { resourceMetrics } = await population.sdk.collect();
  const ours = Buffer.from(PROTOBUF_METRICS_SERIALIZER.serializeRequest(resourceMetrics)!);
  expect(ours.length).toBeGreaterThan(500 * 40);
  expect(encodeLowerBound(resourceMetrics).equals(ours)).toBe(true);
  await population.sdk.shutdown();
});
