import { MeterProvider } from '../src';
import { TestReader } from './helpers';

describe('MeterProvider: misspelled option names', () => {
  it('are rejected at construction, naming the option and the closest valid one', () => {
    expect(() => new MeterProvider({ reader: [new TestReader()] } as never)).toThrow(
      /MeterProvider: unknown option 'reader' \(did you mean 'readers'\?\)/,
    );
    expect(() => new MeterProvider({ view: [] } as never)).toThrow(/'view' \(did you mean 'views'\?\)/);
  });

  it('accept resource, views and readers', async () => {
    const provider = new MeterProvider({ resource: undefined, views: [], readers: [new TestReader()] });
    await provider.shutdown();
  });
});
