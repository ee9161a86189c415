import { PassThrough } from 'node:stream';
import { AggregationTemporality, DEFAULT_AGGREGATION_SELECTOR } from '@meterkit/sdk-metrics-core';
import { ConsoleMetricExporter } from '../src';

describe('ConsoleMetricExporter: misspelled option names', () => {
  it('are rejected at construction, naming the option and the closest valid one', () => {
    expect(() => new ConsoleMetricExporter({ fromat: 'json' } as never)).toThrow(
      /ConsoleMetricExporter: unknown option 'fromat' \(did you mean 'format'\?\)/,
    );
    expect(() => new ConsoleMetricExporter({ temporalty: AggregationTemporality.DELTA } as never)).toThrow(
      /'temporalty' \(did you mean 'temporality'\?\)/,
    );
  });

  it('accept every documented option name', async () => {
    const exporter = new ConsoleMetricExporter({
      format: 'json',
      temporalitySelector: () => AggregationTemporality.DELTA,
      aggregationSelector: DEFAULT_AGGREGATION_SELECTOR,
      stream: new PassThrough(),
      maxStringLength: 100,
    });
    await exporter.shutdown();
    await new ConsoleMetricExporter({ temporality: AggregationTemporality.DELTA, stream: new PassThrough() }).shutdown();
  });
});
