import * as grpc from '@grpc/grpc-js';
import * as http2 from 'http2';
import { decodeRequest, encodeResponse, encodeStatus, malformedResponse } from './codec';
import type { SinkState } from './sink-state';
import { GrpcCode, grpcCodeFor } from './status-mapping';
import type { SinkTlsOptions } from './types';

export const EXPORT_METHOD_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

// Messages pass through grpc-js as raw bytes: the handler decodes the request itself (so an
// undecodable one is counted and answered INVALID_ARGUMENT) and encodes the response itself (so a
// malformed one can be sent on purpose).
const identity = (b: Buffer) => b;
const METRICS_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_METHOD_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

export interface GrpcReceiver {
  address: string;
  close(): Promise<void>;
}

export async function startGrpcReceiver(
  state: SinkState,
  host: string,
  port: number,
  tls: SinkTlsOptions | undefined,
): Promise<GrpcReceiver> {
  const server = new grpc.Server({
    // Benchmarks send large batches; the default 4 MiB limit is a client concern, not ours.
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
  server.addService(METRICS_SERVICE, {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      handleExport(state, call, callback).catch((err) =>
        callback({ code: GrpcCode.INTERNAL, details: `otlp-sink bug: ${String(err)}` }),
      );
    },
  });
  const credentials = tls
    ? grpc.ServerCredentials.createSsl(
        tls.ca ? toBuffer(tls.ca) : null,
        [{ private_key: toBuffer(tls.key), cert_chain: toBuffer(tls.cert) }],
        Boolean(tls.requireClientCert),
      )
    : grpc.ServerCredentials.createInsecure();
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${hostPart}:${port}`, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `${hostPart}:${boundPort}`,
    close: async () => {
      // forceShutdown cancels running calls and destroys every HTTP/2 session at once.
      server.forceShutdown();
    },
  };
}

async function handleExport(
  state: SinkState,
  call: grpc.ServerUnaryCall<Buffer, Buffer>,
  callback: grpc.sendUnaryData<Buffer>,
): Promise<void> {
  state.attempts++;
  const raw = call.request;
  let body: any;
  try {
    body = decodeRequest(raw, 'protobuf');
  } catch (err) {
    callback({ code: GrpcCode.INVALID_ARGUMENT, details: `otlp-sink: cannot decode request: ${(err as Error).message}` });
    return;
  }
  const internals = callInternals(call);
  const received = state.record({
    transport: 'grpc',
    encoding: 'protobuf',
    compressed: internals.incomingEncoding !== undefined && internals.incomingEncoding !== 'identity',
    headers: metadataToRecord(call.metadata),
    path: EXPORT_METHOD_PATH,
    bytes: raw.length,
    body,
  });

  const behaviour = state.nextBehaviour();
  await state.delay(behaviour.delayMs);
  if (state.closed || call.cancelled) return;
  if (behaviour.dropConnection) {
    if (internals.stream && !internals.stream.destroyed) {
      // RST_STREAM(CANCEL): the client sees the call cut off without a status from the server.
      internals.stream.close(http2.constants.NGHTTP2_CANCEL);
    } else {
      callback({ code: GrpcCode.CANCELLED, details: 'otlp-sink: dropped' });
    }
    return;
  }
  const code = grpcCodeFor(behaviour);
  if (code !== GrpcCode.OK) {
    const message = `otlp-sink: answering code ${code} as configured`;
    const trailer = new grpc.Metadata();
    if (behaviour.retryAfterSeconds !== undefined) {
      trailer.set('grpc-status-details-bin', encodeStatus('protobuf', code, message, behaviour.retryAfterSeconds));
    }
    callback({ code, details: message, metadata: trailer });
    return;
  }
  received.accepted = true;
  callback(null, behaviour.malformedResponse ? malformedResponse('protobuf') : encodeResponse('protobuf', behaviour.partialSuccess));
}

function metadataToRecord(md: grpc.Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(md.getMap())) {
    out[k.toLowerCase()] = Buffer.isBuffer(v) ? v.toString('base64') : String(v);
  }
  return out;
}

interface CallInternals {
  incomingEncoding?: string;
  stream?: http2.ServerHttp2Stream;
}

/**
 * grpc-js strips `grpc-encoding` from the metadata it hands to handlers and gives no way to reset a
 * call's stream, so read both from its call object (the chain call -> [nextCall...] of
 * interceptors -> the base call holding `incomingEncoding` and the HTTP/2 `stream`). Private API,
 * tested against grpc-js 1.14; when missing, `compressed` reads false and drops fall back to a
 * CANCELLED status.
 */
function callInternals(call: unknown): CallInternals {
  let node: any = (call as any)?.call;
  for (let depth = 0; node && depth < 10; depth++) {
    if ('incomingEncoding' in node || 'stream' in node) {
      return { incomingEncoding: node.incomingEncoding, stream: node.stream };
    }
    node = node.nextCall;
  }
  return {};
}

function toBuffer(v: Buffer | string): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v);
}
