// A client over a raw TCP socket, for what fetch will not do: drip a body, hold a socket idle, send headers and no body.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** When the connect happened (ms since epoch). */
  startedAt: number;
  /** Resolves when the server closes the socket (or it errors): what it answered and how long that took. */
  closed: Promise<{ text: string; afterMs: number; status: number | null }>;
  /** Resolves as soon as a status line has arrived. */
  answered: Promise<{ status: number; afterMs: number }>;
  /** Writes `chunk` every `everyMs` until the socket closes or `stop()` is called. */
  drip(chunk: string, everyMs: number): void;
  stop(): void;
}

const statusOf = (text: string) => {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
};

export function rawConnect(port: number, initial = ''): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const startedAt = Date.now();
    let text = '';
    let timer: NodeJS.Timeout | null = null;
    let onAnswer: (v: { status: number; afterMs: number }) => void = () => undefined;
    const answered = new Promise<{ status: number; afterMs: number }>((r) => (onAnswer = r));
    const closed = new Promise<{ text: string; afterMs: number; status: number | null }>((r) => {
      const done = () => {
        if (timer) clearInterval(timer);
        r({ text, afterMs: Date.now() - startedAt, status: statusOf(text) });
      };
      socket.on('close', done);
      // A reset (the server closed while we were still writing) is a close too.
      socket.on('error', () => undefined);
    });
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
      const status = statusOf(text);
      if (status !== null) onAnswer({ status, afterMs: Date.now() - startedAt });
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      if (initial) socket.write(initial);
      resolve({
        socket,
        startedAt,
        closed,
        answered,
        drip(chunk, everyMs) {
          timer = setInterval(() => {
            if (!socket.destroyed && socket.writable) socket.write(chunk);
          }, everyMs);
        },
        stop() {
          if (timer) clearInterval(timer);
        },
      });
    });
  });
}

/** Resolves with the value, or with 'timeout' after ms: a test that must not wait for a server that never answers. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

/** Connections a test opens, closed together at the end; the port is read when a connection is made. */
export function rawConnections(portOf: () => number) {
  const open: RawConnection[] = [];
  return {
    async open(initial = ''): Promise<RawConnection> {
      const c = await rawConnect(portOf(), initial);
      open.push(c);
      return c;
    },
    destroyAll(): void {
      for (const c of open) c.socket.destroy();
    },
  };
}

/** The head of a POST, headers given in order, ending the header block (the body, if any, follows). */
export function postHead(port: number, path: string, headers: Record<string, string | number>): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}
