import { describe, expect, it } from "vitest";
import { useSuiteHarness, waitFor, type Harness } from "../harness.js";

import type { EngineStore } from "../../store/types.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Data = { n: number; k?: string };
const dataOf = (e: { data: unknown }) => e.data as Data;

/**
 * Conformance suite for `debounce`, `batchEvents` and `priority`, through the real SDK. Assertions follow the SDK's
 * documented behaviour (inngest 4.24 InngestFunction options, Inngest's flow-control docs): debounce runs once per
 * key with the LAST event, `period` after it, `timeout` capping the delay from the first; a batch run receives
 * `events` (and `event` = the first) once `maxSize` events are in or `timeout` after the first; priority moves
 * higher-factor runs of a function ahead of queued ones. Restarts (`stop()` + `start()` on the same store) drop
 * everything in memory, so held events that survive must come from the store.
 */
export function defineHeldRunsSuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  const suite = useSuiteHarness(makeStore);
  const { runsOf, restart } = suite;
  let h: Harness;
  const startHarness = async (...args: Parameters<typeof suite.start>) => (h = await suite.start(...args));
  const finished = (fnId: string, n: number) =>
    waitFor(
      async () => {
        const rs = await runsOf(fnId);
        return rs.length >= n && rs.every((r) => r.status === "Completed") ? rs : undefined;
      },
      20_000,
      `${n} finished runs of ${fnId}`,
    );

  /**
   * A concurrency-1 function whose first run ("blocker") holds the slot until `queued` runs have all been sent, one
   * by one; returns the order in which their steps started.
   */
  const startOrder = async (fnId: string, extra: { priority?: { run: string } }, queued: Array<readonly [string, unknown]>) => {
    const order: string[] = [];
    let holding = false;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await startHarness((client) => [
      client.createFunction({ id: fnId, concurrency: 1, ...extra, triggers: [{ event: `t/${fnId}` }] }, async ({ event, step }) =>
        step.run("work", async () => {
          const name = (event.data as { name: string }).name;
          order.push(name);
          if (name === "blocker") {
            holding = true;
            await released;
          }
          return name;
        }),
      ),
    ]);
    await h.engine.send({ name: `t/${fnId}`, data: { name: "blocker", p: 0 } });
    await waitFor(() => holding, 10_000, "the blocker to hold the slot");
    // Sent one by one, so each run is created after the previous (arrival order decides ties).
    for (const [name, p] of queued) await h.engine.send({ name: `t/${fnId}`, data: { name, p } });
    release();
    await finished(`conf-${fnId}`, queued.length + 1);
    return order;
  };

  describe("debounce", () => {
    it("starts one run per key, `period` after the key's last event, with that last event", async () => {
      await startHarness((client) => [
        client.createFunction(
          { id: "deb", debounce: { period: "2s", key: "event.data.k" }, triggers: [{ event: "t/deb" }] },
          async ({ event, events }) => ({ ...dataOf(event), count: events.length }),
        ),
      ]);
      await h.engine.send([{ name: "t/deb", data: { k: "a", n: 1 } }, { name: "t/deb", data: { k: "b", n: 1 } }]);
      await sleep(300);
      await h.engine.send({ name: "t/deb", data: { k: "a", n: 2 } });
      await sleep(300);
      await h.engine.send({ name: "t/deb", data: { k: "a", n: 3 } });
      // Key "a" was just extended: no run of it can exist yet.
      expect((await runsOf("conf-deb")).filter((r) => r.event.data.k === "a")).toEqual([]);
      const runs = await finished("conf-deb", 2);
      await sleep(300);
      expect(await runsOf("conf-deb")).toHaveLength(2);
      const byKey = Object.fromEntries(runs.map((r) => [r.event.data.k as string, r]));
      expect(byKey.a!.output).toEqual({ k: "a", n: 3, count: 1 });
      expect(byKey.b!.output).toEqual({ k: "b", n: 1, count: 1 });
      // The run starts `period` after the last event of its key (the event's ts is its receipt time).
      expect(byKey.a!.createdAt - byKey.a!.event.ts).toBeGreaterThanOrEqual(2000);
      expect(byKey.b!.createdAt - byKey.b!.event.ts).toBeGreaterThanOrEqual(2000);
    });

    it("`timeout` caps the delay from the first event: a steady stream still runs, with the latest event so far", async () => {
      await startHarness((client) => [
        client.createFunction({ id: "deb-to", debounce: { period: "1s", timeout: "2s" }, triggers: [{ event: "t/deb-to" }] }, async ({ event }) =>
          dataOf(event),
        ),
      ]);
      const t0 = Date.now();
      for (let n = 0; n <= 12; n++) {
        await h.engine.send({ name: "t/deb-to", data: { n } });
        if (n < 12) await sleep(250);
      }
      const tEnd = Date.now();
      const all = await waitFor(
        async () => {
          const rs = await runsOf("conf-deb-to");
          return rs.every((r) => r.status === "Completed") && rs.some((r) => (r.output as Data).n === 12) ? rs : undefined;
        },
        20_000,
        "the run of the last event",
      );
      const ns = all.map((r) => (r.output as Data).n);
      const first = all[0]!;
      // Without the timeout nothing would start before the stream ended (+ period); with it, 2 s after the first event.
      expect(first.createdAt - t0).toBeGreaterThanOrEqual(2000);
      expect(first.createdAt).toBeLessThan(tEnd);
      expect(ns[0]).toBeGreaterThan(0);
      expect(ns[0]).toBeLessThan(12);
      // Each run has the latest event of its burst: later runs, later events; the stream's last event runs last.
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
      expect(new Set(ns).size).toBe(ns.length);
      expect(ns[ns.length - 1]).toBe(12);
    });

    it("is durable: the pending debounce survives a restart and still runs with the last event, on time", async () => {
      await startHarness((client) => [
        client.createFunction({ id: "deb-durable", debounce: { period: "2s" }, triggers: [{ event: "t/deb-durable" }] }, async ({ event }) =>
          dataOf(event),
        ),
      ]);
      await h.engine.send({ name: "t/deb-durable", data: { n: 1 } });
      await sleep(200);
      await h.engine.send({ name: "t/deb-durable", data: { n: 2 } });
      await restart();
      const [run] = await finished("conf-deb-durable", 1);
      expect(run!.output).toEqual({ n: 2 });
      expect(run!.createdAt - run!.event.ts).toBeGreaterThanOrEqual(2000);
      await sleep(500);
      expect(await runsOf("conf-deb-durable")).toHaveLength(1);
    });
  });

  describe("batchEvents", () => {
    it("starts a run as soon as maxSize events of a key are in (events = the batch, event = its first); a partial batch runs at timeout", async () => {
      await startHarness((client) => [
        client.createFunction(
          { id: "bat", batchEvents: { maxSize: 3, timeout: "2s", key: "event.data.k" }, triggers: [{ event: "t/bat" }] },
          async ({ event, events }) => ({ k: dataOf(event).k, first: dataOf(event).n, ns: events.map((e: { data: unknown }) => dataOf(e).n) }),
        ),
      ]);
      const t0 = Date.now();
      await h.engine.send(
        [
          ["a", 1],
          ["b", 1],
          ["a", 2],
          ["a", 3],
          ["a", 4],
        ].map(([k, n]) => ({ name: "t/bat", data: { k, n } })),
      );
      const tSent = Date.now();
      // The full batch of "a" started within the send (before the timeout); "b" and the second "a" batch wait.
      const early = await runsOf("conf-bat");
      expect(early).toHaveLength(1);
      expect(early[0]!.createdAt).toBeLessThanOrEqual(tSent);
      const runs = await finished("conf-bat", 3);
      await sleep(300);
      expect(await runsOf("conf-bat")).toHaveLength(3);
      const outputs = runs.map((r) => r.output as { k: string; first: number; ns: number[] });
      expect(outputs).toEqual(
        expect.arrayContaining([
          { k: "a", first: 1, ns: [1, 2, 3] },
          { k: "a", first: 4, ns: [4] },
          { k: "b", first: 1, ns: [1] },
        ]),
      );
      for (const r of runs.slice(1)) expect(r.createdAt - t0).toBeGreaterThanOrEqual(2000);
    });

    it("`if`: an event the expression does not admit is not batched and starts its own run at once", async () => {
      await startHarness((client) => [
        client.createFunction(
          { id: "bat-if", batchEvents: { maxSize: 10, timeout: "1s", if: "event.data.bulk == true" }, triggers: [{ event: "t/bat-if" }] },
          async ({ events }) => events.map((e: { data: unknown }) => dataOf(e).n),
        ),
      ]);
      await h.engine.send([
        { name: "t/bat-if", data: { n: 1, bulk: true } },
        { name: "t/bat-if", data: { n: 2, bulk: false } },
        { name: "t/bat-if", data: { n: 3, bulk: true } },
        { name: "t/bat-if", data: { n: 4 } },
      ]);
      expect((await runsOf("conf-bat-if")).map((r) => r.event.data.n)).toEqual([2, 4]);
      const runs = await finished("conf-bat-if", 3);
      expect(runs.map((r) => r.output)).toEqual([[2], [4], [1, 3]]);
    });

    it("is durable: a partial batch survives a restart and runs with all its events at its timeout", async () => {
      await startHarness((client) => [
        client.createFunction({ id: "bat-durable", batchEvents: { maxSize: 10, timeout: "2s" }, triggers: [{ event: "t/bat-durable" }] }, async ({ events }) =>
          events.map((e: { data: unknown }) => dataOf(e).n),
        ),
      ]);
      await h.engine.send({ name: "t/bat-durable", data: { n: 1 } });
      await h.engine.send({ name: "t/bat-durable", data: { n: 2 } });
      await restart();
      const [run] = await finished("conf-bat-durable", 1);
      expect(run!.output).toEqual([1, 2]);
      expect(run!.createdAt - run!.event.ts).toBeGreaterThanOrEqual(2000);
      await sleep(500);
      expect(await runsOf("conf-bat-durable")).toHaveLength(1);
    });
  });

  describe("priority", () => {
    it("under a concurrency limit, queued runs start by priority factor (integer, clamped to ±600 s), ties in arrival order", async () => {
      const order = await startOrder("prio", { priority: { run: "event.data.p" } }, [
        ["low", -600],
        ["none", 0],
        ["high", 600],
        ["huge", 100_000], // clamped to 600: behind "high", which arrived first
        ["mid", 120],
        ["bad", "not a number"], // no factor
        ["frac", 599.5], // not an integer: no factor
      ]);
      expect(order).toEqual(["blocker", "high", "huge", "mid", "none", "bad", "frac", "low"]);
    });

    it("without priority the same backlog starts in arrival order", async () => {
      const order = await startOrder("fifo", {}, [
        ["low", -600],
        ["high", 600],
      ]);
      expect(order).toEqual(["blocker", "low", "high"]);
    });
  });
}
