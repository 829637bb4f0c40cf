/**
 * httpFetch must be indistinguishable from fetch for what it takes (http URLs, string or byte bodies) and hand
 * everything else to the fallback. Checked against a real local server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { httpFetch } from "./http-fetch";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_q, _b, res) => res.end();
let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; body: string; headers: IncomingMessage["headers"]; port: number }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method!, url: req.url!, body, headers: req.headers, port: req.socket.remotePort! });
      handler(req, body, res);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const f = httpFetch();

it("sends method, headers and body, and returns status, text, headers (repeated ones too) and url", async () => {
  handler = (_req, body, res) => {
    res.statusMessage = "Made";
    res.setHeader("set-cookie", ["a=1", "b=2"]);
    res.writeHead(201, { "content-type": "application/json", "x-echo": body.length.toString() });
    res.end(JSON.stringify({ got: body }));
  };
  seen.length = 0;
  const res = await f(`${base}/v1/checkpoint?x=1`, {
    method: "post",
    headers: new Headers({ Authorization: "Bearer k", "Content-Type": "application/json" }),
    body: '{"step":"é"}',
  });
  expect(res).toBeInstanceOf(Response);
  expect([res.status, res.statusText, res.ok, res.url]).toEqual([201, "Made", true, `${base}/v1/checkpoint?x=1`]);
  expect(res.headers.get("x-echo")).toBe("12");
  expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  expect(await res.json()).toEqual({ got: '{"step":"é"}' });
  expect(seen[0]).toMatchObject({ method: "POST", url: "/v1/checkpoint?x=1", body: '{"step":"é"}' });
  expect(seen[0]!.headers).toMatchObject({ authorization: "Bearer k", "content-type": "application/json", "content-length": "13" });
});

it("takes byte bodies and header arrays, and gives null-body statuses a null body", async () => {
  handler = (_req, _body, res) => {
    res.writeHead(204);
    res.end();
  };
  seen.length = 0;
  const res = await f(new URL(`${base}/bytes`), { method: "PUT", headers: [["X-A", "1"]], body: new TextEncoder().encode("abc") });
  expect(res.status).toBe(204);
  expect(res.body).toBeNull();
  expect(seen[0]).toMatchObject({ method: "PUT", body: "abc", headers: { "x-a": "1", "content-length": "3" } });
});

it("keeps the connection alive between requests", async () => {
  handler = (_req, _body, res) => res.end("ok");
  seen.length = 0;
  for (let i = 0; i < 3; i++) expect(await (await f(`${base}/k`)).text()).toBe("ok");
  expect(new Set(seen.map((s) => s.port)).size).toBe(1);
});

it("sends again on a new socket when the server closed the kept-alive one, but not when a fresh one fails", async () => {
  // The server drops a kept-alive connection without answering: what a client sees when the server's idle
  // timeout closes the socket just as a request goes out on it.
  const served = new WeakMap<object, number>();
  let resets = 0;
  handler = (req, _body, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (req.url === "/always-drop" || (n > 1 && resets === 0)) {
      resets++;
      req.socket.destroy();
      return;
    }
    res.end("fresh");
  };
  expect(await (await f(`${base}/warm`)).text()).toBe("fresh");
  seen.length = 0;
  expect(await (await f(`${base}/after-close`, { method: "POST", body: "x" })).text()).toBe("fresh");
  expect(resets).toBe(1);
  expect(seen.map((s) => s.url)).toEqual(["/after-close", "/after-close"]);
  expect(new Set(seen.map((s) => s.port)).size).toBe(2);

  // A new connection that fails is a real failure: no second try.
  server.closeIdleConnections();
  await new Promise((r) => setTimeout(r, 50));
  seen.length = 0;
  const err = await f(`${base}/always-drop`, { method: "POST", body: "y" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TypeError);
  expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNRESET");
  expect(seen.length).toBe(1);
});

it("rejects with the signal's reason on abort, before and during the request", async () => {
  const pre = new AbortController();
  pre.abort();
  await expect(f(`${base}/never`, { signal: pre.signal })).rejects.toMatchObject({ name: "AbortError" });

  let closed = false;
  handler = (req) => req.socket.once("close", () => (closed = true)); // never answers
  const during = new AbortController();
  const p = f(`${base}/hang`, { method: "POST", body: "1", signal: during.signal });
  await new Promise((r) => setTimeout(r, 50));
  during.abort(new Error("stop now"));
  await expect(p).rejects.toThrow("stop now");
  await expect.poll(() => closed).toBe(true);
});

it("fails like fetch when nothing listens", async () => {
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, "127.0.0.1", () => r()));
  const port = (dead.address() as AddressInfo).port;
  await new Promise<void>((r) => dead.close(() => r()));
  const err = await f(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TypeError);
  expect((err as TypeError).message).toBe("fetch failed");
  expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
});

it("follows redirects through the fallback, which re-sends the body for 307", async () => {
  handler = (req, body, res) => {
    if (req.url === "/old") {
      res.writeHead(307, { location: "/new" });
      res.end();
    } else res.end(`new got ${body}`);
  };
  seen.length = 0;
  const res = await f(`${base}/old`, { method: "POST", body: "payload" });
  expect(await res.text()).toBe("new got payload");
  expect(res.redirected).toBe(true);
  expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual(["POST /old payload", "POST /old payload", "POST /new payload"]);
});

it("hands what it does not take to the fallback: other schemes, Request objects, streamed bodies", async () => {
  const calls: string[] = [];
  const g = httpFetch((input, init) => {
    calls.push(input instanceof Request ? `Request ${input.url}` : String(input));
    return fetch(input, init);
  });
  handler = (_req, body, res) => res.end(`stream ${body}`);
  expect(await (await g("data:text/plain,hi")).text()).toBe("hi");
  expect(await (await g(new Request(`${base}/req`))).text()).toBe("stream ");
  const stream = new Blob(["s1"]).stream();
  expect(await (await g(`${base}/s`, { method: "POST", body: stream, duplex: "half" } as RequestInit)).text()).toBe("stream s1");
  expect(calls).toEqual(["data:text/plain,hi", `Request ${base}/req`, `${base}/s`]);
});
