/**
 * Does a 20 MB body block the server? Starts the real Baton process (production build needed),
 * sends 20 MB bodies to the endpoints that used to parse them before checking anything, and polls
 * /api/health every 20 ms meanwhile. Prints one JSON line per target: status, time to answer, and
 * the health latency (max and p50) while the body was being sent.
 * Run: `npx tsx bench/http/large-bodies.ts`.
 */
import { request } from "node:http";
import { startBatonWithAdmin } from "@/server/testing/baton-process";

const SIZE = 20 * 1024 * 1024;

/** POSTs SIZE bytes (a JSON string) without waiting for the server to read them all. */
function send(url: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/json", "content-length": String(SIZE), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: Math.round(performance.now() - started) }));
    });
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "EPIPE" || (e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

async function main() {
  const baton = await startBatonWithAdmin();
  try {
    const signIn = await fetch(`${baton.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baton.url.replace("127.0.0.1", "localhost") },
      body: JSON.stringify({ email: baton.adminEmail, password: baton.adminPassword }),
    });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const targets: Array<[string, string | null, Record<string, string>]> = [
      ["baseline: no body in flight", null, {}],
      ["webhook, unknown token", "/api/hooks/0123456789abcdef", {}],
      ["sign-in", "/api/auth/sign-in/email", { origin: baton.url.replace("127.0.0.1", "localhost") }],
      ["REST run input, valid key", "/api/v1/processes/support-triage/runs", { authorization: `Bearer ${baton.apiKey}` }],
      ["REST, no key", "/api/v1/processes/support-triage/runs", {}],
      ["tRPC, no session", "/api/trpc/runs.create", {}],
      ["tRPC, signed in", "/api/trpc/runs.create", { cookie, origin: baton.url.replace("127.0.0.1", "localhost") }],
      ["page route", "/runs", { cookie }],
      ["/api/inngest, unsigned", "/api/inngest", {}],
    ];
    for (const [name, path, headers] of targets) {
      const latencies: number[] = [];
      let done = false;
      const poll = (async () => {
        while (!done) {
          const t = performance.now();
          await fetch(`${baton.url}/api/health`).then((r) => r.arrayBuffer());
          latencies.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const res = path ? await send(`${baton.url}${path}`, headers) : await new Promise<{ status: number; ms: number }>((r) => setTimeout(() => r({ status: 0, ms: 1000 }), 1000));
      done = true;
      await poll;
      latencies.sort((a, b) => a - b);
      console.log(
        JSON.stringify({
          target: name,
          status: res.status,
          answered_ms: res.ms,
          health_polls: latencies.length,
          health_p50_ms: Math.round(latencies[latencies.length >> 1] ?? 0),
          health_max_ms: Math.round(latencies[latencies.length - 1] ?? 0),
        }),
      );
    }
  } finally {
    await baton.stop();
  }
}

await main();
