/**
 * Escalation webhooks across a real restart: Baton opens an escalation while the receiver answers
 * 503, is stopped, and the next Baton on the same database delivers the same signed notice (same
 * delivery id) once the receiver is back. On SQLite and PostgreSQL. Needs the production build.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import { startBaton, freePort, type BatonProcess } from "@/server/testing/baton-process";
import { startReceiver } from "@/server/notifications/testing-receiver";
import { verifySignature } from "@/server/notifications/signature";

const KEY = "bk_notify_restart_bootstrap_0123456789";
const MASTER_KEY = "notify-restart-master-key-0123456789abcdef";

const graph = {
  slug: "notify-restart",
  name: "Notify restart",
  nodes: [
    { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
    { id: "review", kind: "human", name: "Review", role: "reviewer", timeout: "1h", decisions: [{ id: "approve", type: "approve" }] },
    { id: "done", kind: "end", name: "Done", output: { status: "approved" } },
    { id: "late", kind: "end", name: "Late", output: { status: "late" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "review" },
    { id: "e2", source: "review", target: "done", sourceHandle: "approve" },
    { id: "e3", source: "review", target: "late", kind: "timeout" },
  ],
};

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describeEachDatabase("escalation webhooks across a restart", (get) => {
  it("a notice the receiver refused before a restart is delivered, signed and with the same delivery id, by the next process", async () => {
    const port = await freePort();
    const start = () => startBaton({ DATABASE_URL: get().url, PORT: String(port), BATON_BOOTSTRAP_API_KEY: KEY, BATON_MASTER_KEY: MASTER_KEY }, { timeoutMs: 180_000 });
    let baton: BatonProcess | undefined = await start();
    try {
      const api = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${baton!.url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const json = (await res.json()) as any;
        if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      await api("POST", "/processes", { graph });
      await api("POST", `/processes/${graph.slug}/publish`);
      const { webhook, secret } = await api("POST", "/notification-webhooks", { name: "Restart", url: receiver.url, scope: "process", target: graph.slug, events: ["escalation.opened"] });
      receiver.answer(...Array(20).fill(503));
      const { runId } = await api("POST", `/processes/${graph.slug}/runs`, { input: { id: "R-1" } });
      const esc = await until(async () => (await api("GET", `/escalations?runId=${runId}`)).escalations[0], "the escalation");
      await until(async () => receiver.received.length > 0, "the first (refused) attempt");
      expect((await api("GET", `/notification-webhooks/${webhook.id}/deliveries`)).deliveries[0]).toMatchObject({ status: "pending", lastStatus: 503 });
      await baton.stop();
      baton = undefined;

      // Back up: the receiver answers 2xx now; the next process delivers what the last one could not.
      receiver.reset();
      receiver.received.length = 0;
      baton = await start();
      await until(async () => (await api("GET", `/notification-webhooks/${webhook.id}/deliveries`)).deliveries[0]?.status === "delivered", "delivery after restart", 90_000);
      const [delivery] = (await api("GET", `/notification-webhooks/${webhook.id}/deliveries`)).deliveries;
      // At least the refused attempt and the one after the restart (an attempt cut short by the stop may go unrecorded).
      expect(delivery.attempts).toBeGreaterThanOrEqual(2);
      expect(receiver.received.length).toBeGreaterThan(0);
      const last = receiver.received.at(-1)!;
      expect(last.headers["x-baton-delivery"]).toBe(delivery.id);
      expect(verifySignature(secret, last.body, last.headers["x-baton-signature"] as string)).toBe(true);
      expect(JSON.parse(last.body).baton).toMatchObject({ event: "escalation.opened", escalationId: esc.id, runId });
      expect(baton.output()).not.toContain(secret);
    } finally {
      await baton?.stop();
    }
  }, 480_000);
});
