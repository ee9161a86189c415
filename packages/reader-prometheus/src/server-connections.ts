// Closing the reader's own server without waiting on a client that never finishes its
// request. `server.close()` waits for every open connection; `closeIdleConnections()` only
// closes connections between requests, so a client that sent half a request head (or holds a
// keep-alive connection and starts a request it never completes) would keep shutdown open
// until Node's headersTimeout (a minute) or the caller's shutdown timeout. Connections that
// are being answered are left alone: an in-flight scrape still gets its complete response.
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a connection may go on sending its request once shutdown started. */
export const HALF_OPEN_GRACE_MILLIS = 1000;

export class ServerConnections {
  private readonly _open = new Set<Socket>();
  /** Sockets whose current request reached the handler and whose response has not closed. */
  private readonly _answering = new Set<Socket>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this._open.add(socket);
      socket.once('close', () => {
        this._open.delete(socket);
        this._answering.delete(socket);
      });
    });
    server.on('request', (req, res: ServerResponse) => {
      const socket = req.socket;
      this._answering.add(socket);
      res.once('close', () => this._answering.delete(socket));
    });
  }

  /**
   * Closes `server`: no new connections, idle ones closed now, connections still sending
   * their request destroyed after `graceMillis`; resolves once every connection is gone.
   */
  close(server: Server, graceMillis = HALF_OPEN_GRACE_MILLIS): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      server.close(() => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
      timer = setTimeout(() => {
        timer = undefined;
        for (const socket of this._open) {
          if (!this._answering.has(socket)) socket.destroy();
        }
      }, graceMillis);
      // Not unref'd: shutdown() is awaiting this close, so the process must stay alive for it.
    });
  }
}
