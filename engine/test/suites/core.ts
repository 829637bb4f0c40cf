import { afterEach, describe, expect, it } from "vitest";
import { counter, EVENT_KEY, startHarness as baseStartHarness, waitFor, waitForRun, type Harness } from "../harness.js";

import type { EngineStore } from "../../store/types.js";

/** Conformance suite; `makeStore` provides a fresh store per test (memory or a real database). */
export function defineCoreSuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  let h: Harness | undefined;
  const startHarness: typeof baseStartHarness = async (define, opts = {}) =>
    baseStartHarness(define, { ...opts, store: opts.store ?? (await makeStore()) });

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  for (const checkpointing of [true, false]) {
    describe(`run loop (checkpointing ${checkpointing ? "on" : "off"})`, () => {
      it("runs sequential steps once each, memoises {data}, keeps the stack in order", async () => {
        const c = counter();
        h = await startHarness(
          (client) => [
            client.createFunction({ id: "seq", triggers: [{ event: "test/seq" }] }, async ({ event, step }) => {
              const a = await step.run("a", () => (c.hit("a"), (event.data as { n: number }).n + 1));
              const b = await step.run("b", () => (c.hit("b"), { data: a * 2 })); // looks like a memo: must stay wrapped
              const n = await step.run("nothing", () => (c.hit("nothing"), undefined));
              c.hit("fn-end");
              return { a, b, n: n ?? null };
            }),
          ],
          { checkpointing },
        );
        await h.engine.send({ name: "test/seq", data: { n: 1 } });
        const run = await waitForRun(h, "conf-seq");
        expect(run.status).toBe("Completed");
        expect(run.output).toEqual({ a: 2, b: { data: 4 }, n: null });
        expect([c.get("a"), c.get("b"), c.get("nothing")]).toEqual([1, 1, 1]);
        expect(run.steps.map((s) => s.memo)).toEqual([{ data: 2 }, { data: { data: 4 } }, { data: null }]);
        expect(run.steps.map((s) => s.seq)).toEqual([0, 1, 2]);
        const stats = h.engine.health().stats;
        if (checkpointing) {
          expect(stats.callRequests).toBe(1);
          expect(stats.checkpointedSteps).toBe(3);
        } else {
          expect(stats.callRequests).toBe(4);
          expect(stats.checkpoints).toBe(0);
        }
      });

      it("coalesces parallel steps (Promise.all) and runs each once", async () => {
        const c = counter();
        h = await startHarness(
          (client) => [
            client.createFunction({ id: "par", triggers: [{ event: "test/par" }] }, async ({ step }) => {
              const before = await step.run("before", () => (c.hit("before"), 1));
              const [x, y, z] = await Promise.all([
                step.run("x", () => (c.hit("x"), "x")),
                step.run("y", async () => (c.hit("y"), await new Promise((r) => setTimeout(r, 30)), "y")),
                step.run("z", () => (c.hit("z"), "z")),
              ]);
              const after = await step.run("after", () => (c.hit("after"), `${x}${y}${z}`));
              return { before, after };
            }),
          ],
          { checkpointing },
        );
        await h.engine.send({ name: "test/par", data: {} });
        const run = await waitForRun(h, "conf-par");
        expect(run.status).toBe("Completed");
        expect(run.output).toEqual({ before: 1, after: "xyz" });
        expect(c.all()).toEqual({ before: 1, x: 1, y: 1, z: 1, after: 1 });
        expect(run.steps).toHaveLength(5);
      });
    });
  }

  describe("event API", () => {
    it("accepts events over HTTP with the event key, returns ULID ids and status 200", async () => {
      h = await startHarness((client) => [
        client.createFunction({ id: "noop", triggers: [{ event: "test/noop" }] }, async () => "ok"),
      ]);
      const res = await fetch(`${h.engineUrl}/e/${EVENT_KEY}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([{ name: "test/noop", data: {} }, { name: "test/other", data: {} }]),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ids: string[]; status: number };
      expect(body.status).toBe(200);
      expect(body.ids).toHaveLength(2);
      for (const id of body.ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      const run = await waitForRun(h, "conf-noop");
      expect(run.output).toBe("ok");
    });

    it("inngest.send from the SDK works and de-duplicates retried seeds and user ids", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "count", triggers: [{ event: "test/count" }] }, async ({ event }) => {
          c.hit(String((event.data as { k: string }).k));
          return null;
        }),
      ]);
      const sent = await h.client.send({ name: "test/count", data: { k: "sdk" } });
      expect(sent.ids).toHaveLength(1);
      // Same seed twice = the SDK retrying one POST: same ids, one run.
      const seed = `${Date.now()},${Buffer.alloc(10, 7).toString("base64")}`;
      const post = () =>
        fetch(`${h!.engineUrl}/e/${EVENT_KEY}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-inngest-event-id-seed": seed },
          body: JSON.stringify({ name: "test/count", data: { k: "seeded" } }),
        }).then((r) => r.json() as Promise<{ ids: string[] }>);
      const [r1, r2] = [await post(), await post()];
      expect(r1.ids).toEqual(r2.ids);
      // A user-supplied id is an idempotency key for 24 h.
      await h.engine.send({ name: "test/count", id: "user-1", data: { k: "user" } });
      await h.engine.send({ name: "test/count", id: "user-1", data: { k: "user" } });
      await waitFor(async () => (await h!.engine.listRuns({ functionId: "conf-count" })).filter((r) => r.status === "Completed").length === 3);
      await new Promise((r) => setTimeout(r, 200));
      expect(c.all()).toEqual({ sdk: 1, seeded: 1, user: 1 });
    });
  });

}
