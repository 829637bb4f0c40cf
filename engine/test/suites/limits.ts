import { afterEach, describe, expect, it } from "vitest";
import { counter, startHarness as baseStartHarness, waitFor, type Harness } from "../harness.js";

import type { EngineStore } from "../../store/types.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Conformance suite for run-level flow control (timeouts, rateLimit, throttle, singleton); `makeStore` provides a
 * fresh store per test (memory or a real database). Restarts use `engine.stop()` + `engine.start()` on the same
 * store: everything in memory is dropped, so what survives must come from the store.
 */
export function defineLimitsSuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  let h: Harness | undefined;
  const startHarness: typeof baseStartHarness = async (define, opts = {}) =>
    baseStartHarness(define, { ...opts, store: opts.store ?? (await makeStore()) });

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const runsOf = async (fnId: string) => (await h!.engine.listRuns({ functionId: fnId, limit: 1000 })).sort((a, b) => (a.id < b.id ? -1 : 1));
  const restart = async () => {
    await h!.engine.stop();
    await h!.engine.start();
  };

  describe("timeouts", () => {
    it("timeouts.finish cancels a sleeping / waiting run, emits cancelled + finished, drops its timer and waiter", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "fin-sleep", timeouts: { finish: "1s" }, triggers: [{ event: "t/fin" }] }, async ({ step }) => {
          await step.run("before", () => c.hit("sleep:before"));
          await step.sleep("long", "1h");
          await step.run("after", () => c.hit("sleep:after"));
        }),
        client.createFunction({ id: "fin-wait", timeouts: { finish: "1s" }, triggers: [{ event: "t/fin" }] }, async ({ step }) => {
          await step.run("before", () => c.hit("wait:before"));
          const ev = await step.waitForEvent("reply", { event: "t/reply", timeout: "1h" });
          await step.run("after", () => c.hit(`wait:after:${ev ? "event" : "null"}`));
        }),
        // Generous, so a loaded machine cannot time it out; its deadline must be dropped when it completes.
        client.createFunction({ id: "fin-fast", timeouts: { finish: "10s" }, triggers: [{ event: "t/fin" }] }, async ({ step }) =>
          step.run("quick", () => "done"),
        ),
        client.createFunction({ id: "on-cancelled", triggers: [{ event: "inngest/function.cancelled" }] }, async ({ event }) =>
          c.hit(`cancelled:${(event.data as { function_id: string }).function_id}`),
        ),
        client.createFunction(
          { id: "on-finished", triggers: [{ event: "inngest/function.finished", if: "event.data.function_id != 'conf-on-cancelled'" }] },
          async ({ event }) => c.hit(`finished:${(event.data as { function_id: string }).function_id}`),
        ),
      ]);
      await h.engine.send({ name: "t/fin", data: {} });
      const cancelled = await waitFor(async () => {
        const runs = [...(await runsOf("conf-fin-sleep")), ...(await runsOf("conf-fin-wait"))];
        return runs.length === 2 && runs.every((r) => r.status === "Cancelled") ? runs : undefined;
      }, 20_000);
      for (const r of cancelled) {
        expect(r.endedAt! - r.createdAt).toBeGreaterThanOrEqual(900);
        expect(r.error).toMatchObject({ message: expect.stringContaining("timeouts.finish") });
      }
      await waitFor(async () => (await runsOf("conf-fin-fast"))[0]?.status === "Completed");
      // The dropped waiter does not resume the run.
      await h.engine.send({ name: "t/reply", data: {} });
      await waitFor(() => c.get("cancelled:conf-fin-sleep") === 1 && c.get("cancelled:conf-fin-wait") === 1);
      await waitFor(() => c.get("finished:conf-fin-sleep") === 1 && c.get("finished:conf-fin-wait") === 1 && c.get("finished:conf-fin-fast") === 1);
      await sleep(300);
      expect(c.get("sleep:before")).toBe(1);
      expect(c.get("wait:before")).toBe(1);
      expect(c.get("sleep:after") + c.get("wait:after:event") + c.get("wait:after:null")).toBe(0);
      expect(c.get("cancelled:conf-fin-fast")).toBe(0);
      expect((await runsOf("conf-fin-fast")).map((r) => r.status)).toEqual(["Completed"]);
      await waitFor(() => h!.engine.health().queued === 0, 5_000, "no deadline left queued"); // all runs ended
    });

    it("timeouts.finish is durable: the deadline survives a restart", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "fin-durable", timeouts: { finish: "2s" }, triggers: [{ event: "t/fin-durable" }] }, async ({ step }) => {
          await step.run("before", () => c.hit("before"));
          await step.sleep("long", "1h");
          await step.run("after", () => c.hit("after"));
        }),
      ]);
      await h.engine.send({ name: "t/fin-durable", data: {} });
      await waitFor(async () => {
        const [r] = await runsOf("conf-fin-durable");
        return r && (await h!.engine.getRun(r.id))?.steps.length === 1;
      });
      await sleep(100); // let the background write of the deadline land
      await restart();
      const [run] = await waitFor(async () => {
        const runs = await runsOf("conf-fin-durable");
        return runs[0]?.status === "Cancelled" ? runs : undefined;
      }, 20_000);
      expect(run!.endedAt! - run!.createdAt).toBeGreaterThanOrEqual(1900);
      expect(c.all()).toEqual({ before: 1 });
    });

    it("timeouts.start cancels a run held back (concurrency) beyond the duration; started runs are unaffected", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction(
          { id: "start-to", concurrency: 1, timeouts: { start: "1s" }, triggers: [{ event: "t/start-to" }] },
          async ({ event, step }) =>
            step.run("work", async () => {
              const n = (event.data as { n: number }).n;
              c.hit(`start:${n}`);
              await sleep(n === 1 ? 3500 : 0);
              return n;
            }),
        ),
      ]);
      await h.engine.send({ name: "t/start-to", data: { n: 1 } });
      await waitFor(() => c.get("start:1") === 1);
      await h.engine.send({ name: "t/start-to", data: { n: 2 } });
      const runs = await waitFor(async () => {
        const rs = await runsOf("conf-start-to");
        return rs.length === 2 && rs.every((r) => r.status !== "Running") ? rs : undefined;
      }, 20_000);
      expect(runs.map((r) => r.status)).toEqual(["Completed", "Cancelled"]);
      expect(runs[1]!.error).toMatchObject({ message: expect.stringContaining("timeouts.start") });
      expect(c.get("start:2")).toBe(0);
    });
  });

  describe("rateLimit", () => {
    it("drops events beyond limit per period per key, and remembers the window across a restart", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction(
          { id: "rl", rateLimit: { limit: 2, period: "1m", key: "event.data.user" }, triggers: [{ event: "t/rl" }] },
          async ({ event }) => c.hit((event.data as { user: string }).user),
        ),
      ]);
      await h.engine.send(["a", "a", "a", "b"].map((user) => ({ name: "t/rl", data: { user } })));
      await h.engine.send({ name: "t/rl", data: { user: "a" } });
      await waitFor(async () => (await runsOf("conf-rl")).filter((r) => r.status === "Completed").length === 3);
      await restart();
      await h.engine.send([{ name: "t/rl", data: { user: "a" } }, { name: "t/rl", data: { user: "b" } }]);
      await waitFor(async () => (await runsOf("conf-rl")).filter((r) => r.status === "Completed").length === 4);
      await sleep(300);
      expect((await runsOf("conf-rl")).length).toBe(4);
      expect(c.all()).toEqual({ a: 2, b: 2 });
    });

    it("admits new runs once the period has passed", async () => {
      h = await startHarness((client) => [
        client.createFunction({ id: "rl-short", rateLimit: { limit: 1, period: "1s" }, triggers: [{ event: "t/rl-short" }] }, async () => 1),
      ]);
      await h.engine.send([{ name: "t/rl-short", data: {} }, { name: "t/rl-short", data: {} }]);
      expect((await runsOf("conf-rl-short")).length).toBe(1);
      await sleep(1100);
      await h.engine.send({ name: "t/rl-short", data: {} });
      expect((await runsOf("conf-rl-short")).length).toBe(2);
    });
  });

  describe("throttle", () => {
    it("delays (never drops) runs beyond the limit, spacing starts period/limit apart per key", async () => {
      const starts = new Map<string, number[]>();
      h = await startHarness((client) => [
        client.createFunction(
          { id: "th", throttle: { limit: 2, period: "1s", key: "event.data.k" }, triggers: [{ event: "t/th" }] },
          async ({ event, step }) =>
            step.run("start", () => {
              const k = (event.data as { k: string }).k;
              const l = starts.get(k) ?? [];
              l.push(Date.now());
              starts.set(k, l);
              return k;
            }),
        ),
      ]);
      const sentAt = Date.now();
      await h.engine.send(["a", "a", "a", "b"].map((k) => ({ name: "t/th", data: { k } })));
      expect((await runsOf("conf-th")).length).toBe(4);
      await waitFor(async () => (await runsOf("conf-th")).filter((r) => r.status === "Completed").length === 4, 20_000);
      const a = starts.get("a")!.sort((x, y) => x - y);
      expect(a).toHaveLength(3);
      // Key a's starts are due at +0, +500 and +1000 ms after the send. Measured from the send, not
      // from a's first start: load can only make a start later than due, and a late first start
      // would shrink the gap to the next one without the throttle being wrong.
      expect(a[1]! - sentAt).toBeGreaterThanOrEqual(490);
      expect(a[2]! - sentAt).toBeGreaterThanOrEqual(990);
      expect(starts.get("b")).toHaveLength(1);
      // Other keys are not held back: unkeyed, b would start last (at +1500), after a's third start.
      expect(starts.get("b")![0]!).toBeLessThan(a[2]!);
    });

    it("burst lets that many runs start at once", async () => {
      const starts: number[] = [];
      h = await startHarness((client) => [
        client.createFunction({ id: "th-burst", throttle: { limit: 1, period: "2s", burst: 2 }, triggers: [{ event: "t/th-burst" }] }, async () =>
          starts.push(Date.now()),
        ),
      ]);
      await h.engine.send([1, 2, 3].map(() => ({ name: "t/th-burst", data: {} })));
      await waitFor(() => starts.length >= 2);
      await sleep(500);
      expect(starts).toHaveLength(2);
      await waitFor(async () => (await runsOf("conf-th-burst")).filter((r) => r.status === "Completed").length === 3, 20_000);
      starts.sort((x, y) => x - y);
      expect(starts[2]! - starts[0]!).toBeGreaterThanOrEqual(1500);
    });
  });

  describe("singleton", () => {
    it('mode "skip" drops new runs while one of the same key is running', async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction(
          { id: "single-skip", singleton: { key: "event.data.k", mode: "skip" }, triggers: [{ event: "t/single-skip" }] },
          async ({ event, step }) => {
            await step.run("go", () => c.hit((event.data as { k: string }).k));
            await step.sleep("hold", "1h");
          },
        ),
      ]);
      await h.engine.send({ name: "t/single-skip", data: { k: "a" } });
      await waitFor(() => c.get("a") === 1);
      await h.engine.send([{ name: "t/single-skip", data: { k: "a" } }, { name: "t/single-skip", data: { k: "b" } }]);
      await waitFor(() => c.get("b") === 1);
      const runs = await runsOf("conf-single-skip");
      expect(runs.map((r) => [r.event.data.k, r.status])).toEqual([
        ["a", "Running"],
        ["b", "Running"],
      ]);
      // Once the running run ends, a new one may start.
      await h.engine.cancelRun(runs[0]!.id);
      await h.engine.send({ name: "t/single-skip", data: { k: "a" } });
      await waitFor(() => c.get("a") === 2);
    });

    it('mode "cancel" cancels the running run of the same key and starts the new one', async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction(
          { id: "single-cancel", singleton: { mode: "cancel" }, triggers: [{ event: "t/single-cancel" }] },
          async ({ event, step }) => {
            const n = (event.data as { n: number }).n;
            await step.run("go", () => c.hit(`go:${n}`));
            await step.sleep("hold", "1h");
          },
        ),
        client.createFunction(
          { id: "single-on-cancelled", triggers: [{ event: "inngest/function.cancelled", if: "event.data.function_id == 'conf-single-cancel'" }] },
          async ({ event }) => c.hit(`cancelled:${((event.data as { event: { data: { n: number } } }).event.data.n)}`),
        ),
      ]);
      await h.engine.send({ name: "t/single-cancel", data: { n: 1 } });
      await waitFor(() => c.get("go:1") === 1);
      await h.engine.send({ name: "t/single-cancel", data: { n: 2 } });
      await waitFor(() => c.get("go:2") === 1 && c.get("cancelled:1") === 1);
      const runs = await runsOf("conf-single-cancel");
      expect(runs.map((r) => r.status)).toEqual(["Cancelled", "Running"]);
    });
  });
}
