/**
 * Child process for the crash test: the engine on the Prisma store + an app serving test functions whose
 * steps append START/END lines to an execution log. Usage: crash-host.ts <databaseUrl> <enginePort> <appPort> <logFile>
 */
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { Inngest } from "inngest";
import { serve } from "inngest/node";
import { createEngine } from "@/engine";
import { openDatabase } from "@/server/db/client";
import { PrismaEngineStore } from "@/server/engine-store/prisma-engine-store";
import { openSqliteWithConnection } from "@/server/engine-store/sqlite-connection";

export const SIGNING_KEY = "signkey-test-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
export const EVENT_KEY = "test-event-key-1234";

const [databaseUrl, enginePort, appPort, logFile] = process.argv.slice(2) as [string, string, string, string];
const log = (line: string) => appendFileSync(logFile, `${line}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  // SQLite: with the store's fast path (the crash test is its durability check); `CRASH_PRISMA_ONLY=1` without.
  const handle = databaseUrl.startsWith("file:") && process.env.CRASH_PRISMA_ONLY !== "1"
    ? await openSqliteWithConnection(databaseUrl)
    : { ...(await openDatabase(databaseUrl)), connection: undefined };
  const engine = createEngine({
    store: new PrismaEngineStore(handle.db, { connection: handle.connection }),
    signingKey: SIGNING_KEY,
    eventKey: EVENT_KEY,
    retryBackoff: () => 200,
  });
  const listening = await engine.listen(Number(enginePort));
  const client = new Inngest({ id: "crash", signingKey: SIGNING_KEY, eventKey: EVENT_KEY, baseUrl: listening.url, logger: { info() {}, warn() {}, error() {}, debug() {} } });

  // A step that takes a while, so the test can kill the process in the middle of it.
  const work = (k: string, id: string, ms: number, value: number) => async () => {
    log(`${k}|${id}|START`);
    await pause(ms);
    log(`${k}|${id}|END`);
    return value;
  };

  const functions = [
    client.createFunction({ id: "steps", triggers: [{ event: "crash/steps" }] }, async ({ event, step }) => {
      const k = (event.data as { k: string }).k;
      let sum = 0;
      for (let i = 1; i <= 8; i++) sum += await step.run(`s${i}`, work(k, `s${i}`, 250, i));
      return { sum };
    }),
    client.createFunction({ id: "sleeper", triggers: [{ event: "crash/sleep" }] }, async ({ event, step }) => {
      const k = (event.data as { k: string }).k;
      const a = await step.run("a", work(k, "a", 10, 1));
      await step.sleep("nap", "4s");
      const b = await step.run("b", work(k, "b", 10, 2));
      return { a, b };
    }),
    client.createFunction({ id: "waiter", triggers: [{ event: "crash/wait" }] }, async ({ event, step }) => {
      const k = (event.data as { k: string }).k;
      const a = await step.run("a", work(k, "a", 10, 1));
      const got = await step.waitForEvent("go", { event: "crash/go", timeout: "1h", if: "async.data.k == event.data.k" });
      const b = await step.run("b", work(k, "b", 10, 2));
      return { a, b, go: (got?.data as { v?: number } | undefined)?.v ?? null };
    }),
    // Held runs: their pending events must survive a SIGKILL once the event API has answered.
    client.createFunction({ id: "debounced", debounce: { period: "2s" }, triggers: [{ event: "crash/debounce" }] }, async ({ event }) => ({
      n: (event.data as { n: number }).n,
    })),
    client.createFunction({ id: "batched", batchEvents: { maxSize: 10, timeout: "2s" }, triggers: [{ event: "crash/batch" }] }, async ({ events }) =>
      events.map((e: { data: unknown }) => (e.data as { n: number }).n),
    ),
  ];
  const app = createServer(serve({ client, functions }));
  await new Promise<void>((r) => app.listen(Number(appPort), "127.0.0.1", () => r()));
  await engine.start();
  await engine.syncApp(`http://127.0.0.1:${appPort}/api/inngest`);
  process.stdout.write("READY\n");
}

main().catch((err) => {
  process.stderr.write(`crash-host failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
