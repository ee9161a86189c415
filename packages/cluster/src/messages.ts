// The messages between the primary and its workers. The envelope ({ t, v, id }) is fixed for
// every version of the wire format, so a primary and a worker of different meterkit versions
// (a rolling restart) can always tell that they differ and say so, instead of misreading data.
import { WIRE_VERSION, type EncodedState } from './wire-format';

/** Message type tags; prefixed so they never clash with the application's own messages. */
export const COLLECT_REQUEST = 'meterkit.cluster.collect';
export const COLLECT_REPLY = 'meterkit.cluster.state';

export interface CollectRequest {
  t: typeof COLLECT_REQUEST;
  v: number;
  id: number;
}

export interface CollectReply {
  t: typeof COLLECT_REPLY;
  v: number;
  /** The request answered; -1 for the final state a worker sends when it shuts down. */
  id: number;
  state?: EncodedState;
  /** Set instead of `state` when the worker could not collect or cannot speak the primary's version. */
  error?: string;
}

export function isCollectRequest(message: unknown): message is CollectRequest {
  return typeof message === 'object' && message !== null && (message as { t?: unknown }).t === COLLECT_REQUEST;
}

export function isCollectReply(message: unknown): message is CollectReply {
  return typeof message === 'object' && message !== null && (message as { t?: unknown }).t === COLLECT_REPLY;
}

export function versionMismatch(side: string, theirs: unknown, other: string): string {
  return (
    `@meterkit/cluster wire format version mismatch: the ${side} speaks version ${WIRE_VERSION}, ` +
    `the ${other} speaks version ${String(theirs)}; run the same @meterkit/cluster version in every process ` +
    `(its metrics are left out until then)`
  );
}
