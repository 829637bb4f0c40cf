import { NonRetriableError, referenceFunction } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { hashedSigningKey } from "../../auth.js";
import { makeClient, SIGNING_KEY, startHarness as baseStartHarness, waitFor, waitForRun, type Harness } from "../harness.js";

import type { EngineStore } from "../../store/types.js";

/** `event.user` is on the wire but not in the SDK's received-event type. */
const userOf = (event: unknown): unknown => (event as { user?: unknown }).user;

/**
 * What an Inngest function observes of the server beyond the run loop: `ctx.jobId`, `event.user`, session
 * propagation and invoke errors. Assertions follow the SDK's documented behaviour (inngest 4.24 types/docs).
 */
export function defineFidelitySuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  let h: Harness | undefined;
  const startHarness: typeof baseStartHarness = async (define, opts = {}) =>
    baseStartHarness(define, { ...opts, store: opts.store ?? (await makeStore()) });

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  describe("fidelity: what functions observe of the server", () => {
    for (const checkpointing of [true, false]) {
      it(`fills ctx.jobId, stable across retries of one job (checkpointing ${checkpointing ? "on" : "off"})`, async () => {
        const seen: Array<{ where: string; jobId: string | undefined; attempt: number }> = [];
        h = await startHarness(
          (client) => [
            client.createFunction({ id: "jobs", retries: 2, triggers: [{ event: "t/jobs" }] }, async ({ step, jobId, attempt }) => {
              seen.push({ where: "fn", jobId, attempt });
              await step.run("flaky", () => {
                seen.push({ where: "flaky", jobId, attempt });
                if (attempt < 1) throw new Error("first attempt fails");
                return 1;
              });
              await step.sleep("pause", "10ms");
              await step.run("after", () => seen.push({ where: "after", jobId, attempt: -1 }));
            }),
          ],
          { checkpointing },
        );
        await h.engine.send({ name: "t/jobs", data: {} });
        const run = await waitForRun(h, "conf-jobs");
        expect(run.status).toBe("Completed");
        for (const s of seen) expect(typeof s.jobId === "string" && s.jobId.length > 0, JSON.stringify(s)).toBe(true);
        const flaky = seen.filter((s) => s.where === "flaky");
        expect(flaky.map((s) => s.attempt)).toEqual([0, 1]);
        // A retry is the same job: the id is stable across attempts.
        expect(flaky[0]!.jobId).toBe(flaky[1]!.jobId);
        // The wake-up after the sleep is a new job.
        const after = seen.find((s) => s.where === "after")!;
        expect(after.jobId).not.toBe(flaky[0]!.jobId);
      });
    }

    it("events carry user: {} (sent, lifecycle and invoke events) and keep a user the sender set", async () => {
      const users: Record<string, unknown> = {};
      h = await startHarness((client) => {
        const child = client.createFunction({ id: "u-child", triggers: [] }, async ({ event }) => {
          users.invoked = userOf(event);
          return "child";
        });
        const failing = client.createFunction(
          {
            id: "u-fail",
            retries: 0,
            triggers: [{ event: "t/user" }],
            onFailure: async ({ event }) => {
              users.failed = userOf(event);
            },
          },
          async ({ event, step }) => {
            users.sent = userOf(event);
            await step.invoke("call", { function: child, data: {} });
            throw new NonRetriableError("stop");
          },
        );
        const finished = client.createFunction({ id: "u-finished", triggers: [{ event: "inngest/function.finished" }] }, async ({ event }) => {
          if ((event.data as { function_id: string }).function_id === "conf-u-fail") users.finished = userOf(event);
        });
        const withUser = client.createFunction({ id: "u-given", triggers: [{ event: "t/user.given" }] }, async ({ event }) => {
          users.given = userOf(event);
        });
        return [child, failing, finished, withUser];
      });
      await h.client.send({ name: "t/user", data: {} });
      await h.engine.send({ name: "t/user.given", data: {}, user: { id: "u1" } }); // the v4 SDK type has no `user`; the event API accepts it
      await waitFor(() => Object.keys(users).length === 5, 20_000, "all five functions");
      expect(users).toEqual({ sent: {}, invoked: {}, failed: {}, finished: {}, given: { id: "u1" } });
    });

    it("merges propagated sessions into meta.sessions for sent and invoke events (manual wins, null cuts)", async () => {
      const seen: Record<string, unknown> = {};
      h = await startHarness((client) => {
        const child = client.createFunction({ id: "s-child", triggers: [] }, async ({ event, sessions }) => {
          seen.invoked = { meta: event.meta, sessions };
          return null;
        });
        const parent = client.createFunction({ id: "s-parent", triggers: [{ event: "t/session" }] }, async ({ event, step, sessions }) => {
          seen.parent = { meta: event.meta, sessions };
          await step.sendEvent("plain", { name: "t/session.child", data: { k: "plain" } });
          await step.sendEvent("manual", {
            name: "t/session.child",
            data: { k: "manual" },
            meta: { sessions: { chat: "override", team: null, extra: 7 } },
          });
          await step.sendEvent("cleared", { name: "t/session.child", data: { k: "cleared" }, meta: { sessions: null } });
          await step.invoke("call", { function: child, data: {} });
        });
        const sink = client.createFunction({ id: "s-sink", triggers: [{ event: "t/session.child" }] }, async ({ event, sessions }) => {
          seen[(event.data as { k: string }).k] = { meta: event.meta ?? null, sessions: sessions ?? null };
        });
        return [child, parent, sink];
      });
      await h.client.send({ name: "t/session", data: {}, meta: { sessions: { chat: "c1", team: 42 } } });
      await waitFor(() => Object.keys(seen).length === 5, 20_000, "parent, invoke and three sent events");
      const both = { chat: "c1", team: "42" };
      expect(seen.parent).toEqual({ meta: { sessions: both }, sessions: both });
      expect(seen.plain).toEqual({ meta: { sessions: both }, sessions: both });
      expect(seen.manual).toEqual({ meta: { sessions: { chat: "override", extra: "7" } }, sessions: { chat: "override", extra: "7" } });
      expect(seen.cleared).toEqual({ meta: null, sessions: null });
      expect(seen.invoked).toEqual({ meta: { sessions: both }, sessions: both });
    });

    it('invoking an unknown function fails the step with "could not find function"', async () => {
      h = await startHarness((client) => [
        client.createFunction({ id: "ghost-caller", triggers: [{ event: "t/ghost" }] }, async ({ step }) => {
          try {
            await step.invoke("call", { function: referenceFunction({ functionId: "does-not-exist" }), data: {} });
            return "invoked";
          } catch (e) {
            return (e as Error).message;
          }
        }),
      ]);
      await h.engine.send({ name: "t/ghost", data: {} });
      const run = await waitForRun(h, "conf-ghost-caller");
      expect(run.status).toBe("Completed");
      expect(run.output).toContain("could not find function");
    });

    it("refuses at sync, with the reason, debounce / batchEvents / priority settings it cannot honour; the app keeps its functions", async () => {
      h = await startHarness((client) => [client.createFunction({ id: "kept", triggers: [{ event: "t/kept" }] }, async () => "still here")]);
      const client = makeClient(h.engineUrl);
      const functions = [
        client.createFunction({ id: "kept", triggers: [{ event: "t/kept" }] }, async () => "replaced"),
        client.createFunction({ id: "deb", debounce: { period: "5s", key: "event.data.(" }, triggers: [{ event: "t/deb" }] }, async () => null),
        client.createFunction({ id: "bat", batchEvents: { maxSize: 1, timeout: "5s" }, triggers: [{ event: "t/bat" }] }, async () => null),
        client.createFunction(
          { id: "both", debounce: { period: "5s" }, batchEvents: { maxSize: 5, timeout: "5s" }, triggers: [{ event: "t/both" }] },
          async () => null,
        ),
        client.createFunction({ id: "pri", priority: { run: "event.data.p +" }, triggers: [{ event: "t/pri" }] }, async () => null),
      ];
      const server = createServer(serve({ client, functions }));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`;
        const sync = h.engine.syncApp(url);
        await expect(sync).rejects.toThrow(/sync refused/);
        const message = await sync.catch((e: Error) => e.message);
        expect(message).toContain("function conf-deb has an invalid `debounce.key`");
        expect(message).toContain("function conf-bat has an invalid `batchEvents.maxSize` (1 is not an integer of at least 2)");
        expect(message).toContain("function conf-both has an invalid `batchEvents` (a function cannot specify both batchEvents and debounce)");
        expect(message).toContain("function conf-pri has an invalid `priority.run`");
        // Out-of-band registration is refused the same way, with the reason in the reply.
        const res = await fetch(`${h.engineUrl}/fn/register`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${hashedSigningKey(SIGNING_KEY)}` },
          body: JSON.stringify({ url, appName: "conf", functions: [{ id: "conf-deb", debounce: { period: "5 parsecs" }, steps: { step: { runtime: { url } } } }] }),
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: string }).error).toContain('invalid `debounce.period` ("5 parsecs" is not a positive duration');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      }
      await h.engine.send({ name: "t/kept", data: {} });
      const run = await waitForRun(h, "conf-kept");
      expect(run.output).toBe("still here");
    });
  });
}
