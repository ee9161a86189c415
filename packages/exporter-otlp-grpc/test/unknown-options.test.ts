import * as grpc from '@grpc/grpc-js';
import { OTLPMetricExporter } from '../src';

describe('OTLP/gRPC exporter: misspelled option names', () => {
  it('are rejected at construction, naming the option and the closest valid one', () => {
    expect(() => new OTLPMetricExporter({ compresion: 'gzip' } as never)).toThrow(
      /OTLPMetricExporter \(OTLP\/gRPC\): unknown option 'compresion' \(did you mean 'compression'\?\)/,
    );
    expect(() => new OTLPMetricExporter({ url: 'http://127.0.0.1:4317', timeoutMilis: 5 } as never)).toThrow(
      /'timeoutMilis' \(did you mean 'timeoutMillis'\?\)/,
    );
  });

  it('accept every documented option name', async () => {
    const exporter = new OTLPMetricExporter({
      url: 'http://127.0.0.1:4317',
      credentials: grpc.credentials.createInsecure(),
      metadata: new grpc.Metadata(),
      timeoutMillis: 1000,
      compression: 'gzip',
      temporalityPreference: 'delta',
      concurrencyLimit: 2,
      maxExportBatchSize: 100,
      retry: { maxAttempts: 2 },
    });
    await exporter.shutdown();
  });
});
