// One complete response with an explicit Content-Length (the body is already a buffer or a
// short string), for every answer the reader's handler gives.
import type { ServerResponse } from 'node:http';

export function respond(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  const allHeaders: Record<string, string | number> = {
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
    'Content-Length': Buffer.byteLength(body),
  };
  res.writeHead(status, allHeaders);
  res.end(headOnly ? undefined : body);
}
