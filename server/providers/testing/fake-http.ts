import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the fake server received it, for assertions on what the real SDK sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: any;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Sent as-is instead of `json`. */
  text?: string;
  /** Wait before answering (timeout tests). */
  delayMs?: number;
  /** Drop the connection without answering (network error tests). */
  destroy?: boolean;
}

export type ReplyFn = (req: RecordedRequest) => FakeReply;

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Replies for the next requests, in order; when empty the default reply answers. */
  enqueue(...replies: Array<FakeReply | ReplyFn>): void;
  close(): Promise<void>;
}

export async function startFakeServer(routes: Record<string, ReplyFn>, notFound: ReplyFn): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const queue: Array<FakeReply | ReplyFn> = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    const path = (req.url ?? "/").split("?")[0]!;
    const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers, rawBody, body };
    requests.push(recorded);

    const route = routes[`${recorded.method} ${path}`];
    const next = route ? queue.shift() : undefined;
    const reply = typeof next === "function" ? next(recorded) : (next ?? (route ?? notFound)(recorded));
    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, reply.delayMs);
        timers.add(t);
        res.on("close", () => {
          clearTimeout(t);
          timers.delete(t);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return;
    }
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    const text = reply.text ?? JSON.stringify(reply.json ?? {});
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
