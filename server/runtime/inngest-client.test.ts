/**
 * Which fetch Baton's Inngest client sends with in external mode: over plain http it is `httpFetch` (node:http,
 * keep-alive), recognisable on the wire by what undici's fetch always adds and node:http never does
 * (`sec-fetch-mode`, `accept-language`); over https it is left to the global fetch.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Env } from "@/server/env";
import { createInngestClient } from "./inngest-client";

let server: Server;
let base: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders; port: number }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ url: req.url!, headers: req.headers, port: req.socket.remotePort! });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ids: ["01TEST"], status: 200 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const external = (url: string) =>
  createInngestClient({
    BATON_ENGINE: "external",
    INNGEST_BASE_URL: url,
    INNGEST_EVENT_KEY: "test-event-key",
    INNGEST_SIGNING_KEY: "signkey-test-0123456789abcdef",
    BATON_ENGINE_CHECKPOINTING: true,
  } as unknown as Env);

it("external mode over http sends events through node:http on one kept-alive connection", async () => {
  seen.length = 0;
  const client = external(base);
  await client.send({ name: "baton/test", data: { n: 1 } });
  await client.send({ name: "baton/test", data: { n: 2 } });
  expect(seen.map((s) => s.url)).toEqual(["/e/test-event-key", "/e/test-event-key"]);
  for (const s of seen) {
    expect(s.headers["sec-fetch-mode"]).toBeUndefined();
    expect(s.headers["accept-language"]).toBeUndefined();
    expect(s.headers.connection).toBe("keep-alive");
  }
  expect(new Set(seen.map((s) => s.port)).size).toBe(1);
});

it("the same request through the global fetch does carry undici's headers (what the check above tells apart)", async () => {
  seen.length = 0;
  await fetch(`${base}/e/test-event-key`, { method: "POST", body: "[]" });
  expect(seen[0]!.headers["sec-fetch-mode"]).toBe("cors");
});
