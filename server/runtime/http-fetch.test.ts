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

it("sends an idempotent request again on a new socket when the server dropped the kept-alive one, a POST not", async () => {
  // The server drops a kept-alive connection without answering: what a client sees when the server's idle
  // timeout closes the socket just as a request goes out on it.
  const served = new WeakMap<object, number>();
  let drops = 0;
  handler = (req, _body, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      drops++;
      req.socket.destroy();
      return;
    }
    res.end("fresh");
  };
  const dropped = async (method: string) => {
    server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
    expect(await (await f(`${base}/warm`)).text()).toBe("fresh"); // a new connection, now kept alive
    seen.length = 0;
    drops = 0;
    return f(`${base}/again`, { method, body: "x" }).then(
      async (r) => r.text(),
      (e: unknown) => e,
    );
  };
  expect(await dropped("PUT")).toBe("fresh");
  expect([drops, seen.length, new Set(seen.map((s) => s.port)).size]).toEqual([1, 2, 2]);

  const err = await dropped("POST");
  expect(err).toBeInstanceOf(TypeError);
  expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNRESET");
  expect([drops, seen.length]).toEqual([1, 1]);
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

it("follows redirects as fetch does: 307 keeps the POST, 303 turns it into a GET, cross-origin drops Authorization", async () => {
  handler = (req, body, res) => {
    const to: Record<string, string> = { "/307": "/new", "/303": "/new", "/cross": `http://localhost:${server.address() && (server.address() as AddressInfo).port}/new`, "/loop": "/loop" };
    if (to[req.url!]) {
      res.writeHead(req.url === "/303" ? 303 : 307, { location: to[req.url!]! });
      res.end("moved");
    } else res.end(`new got ${req.method} ${body}`);
  };
  const post = { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: '{"a":1}' };

  seen.length = 0;
  const kept = await f(`${base}/307`, post);
  expect([await kept.text(), kept.redirected, kept.url]).toEqual(['new got POST {"a":1}', true, `${base}/new`]);
  expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual(['POST /307 {"a":1}', 'POST /new {"a":1}']);

  seen.length = 0;
  expect(await (await f(`${base}/303`, post)).text()).toBe("new got GET ");
  expect(seen[1]!.headers["content-type"]).toBeUndefined();
  expect(seen[1]!.headers.authorization).toBe("Bearer k");

  seen.length = 0;
  await (await f(`${base}/cross`, post)).text();
  expect(seen[1]!.headers.authorization).toBeUndefined();

  const manual = await f(`${base}/307`, { ...post, redirect: "manual" });
  expect([manual.status, manual.headers.get("location"), manual.redirected, await manual.text()]).toEqual([307, "/new", false, "moved"]);
  await expect(f(`${base}/307`, { ...post, redirect: "error" })).rejects.toThrow("fetch failed");
  await expect(f(`${base}/loop`)).rejects.toMatchObject({ cause: { message: "redirect count exceeded" } });
});

it("gives string bodies fetch's default content type, joins repeated request headers, and HEAD a null body", async () => {
  handler = (_req, _body, res) => res.end("some body");
  seen.length = 0;
  await (await f(`${base}/ct`, { method: "POST", body: "plain", headers: [["X-Many", "a"], ["x-many", "b"]] })).text();
  expect(seen[0]!.headers).toMatchObject({ "content-type": "text/plain;charset=UTF-8", "x-many": "a, b" });
  const head = await f(`${base}/ct`, { method: "HEAD" });
  expect([head.status, head.body]).toEqual([200, null]);
});

it("gives up on a server that goes silent, as a network failure", async () => {
  handler = () => {}; // never answers
  const slow = httpFetch(fetch, { timeoutMs: 150 });
  const err = await slow(`${base}/silent`).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TypeError);
  expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe("ETIMEDOUT");
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
