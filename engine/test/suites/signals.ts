import { afterEach, describe, expect, it } from "vitest";
import { suiteHarness, waitFor, waitForRun } from "../harness.js";
import type { EngineStore } from "../../store/types.js";

/**
 * step.waitForSignal with the signal API, and race-mode group.parallel, through the real SDK. Assertions follow
 * the SDK's documented behaviour (inngest 4.24 types and docs): a wait resolves with `{signal, data}` or `null`
 * on timeout; `onConflict` "fail" (the default) fails the second run waiting on a signal, "replace" takes the
 * signal over while the first wait times out; `client.sendSignal` answers `{runId}` (undefined when nothing
 * waits); in race mode the first finished step settles `Promise.race` and the others are discarded.
 */
export function defineSignalSuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  const { slot: s, start: startHarness } = suiteHarness(makeStore);

  const runsOf = async (fnId: string) => (await s.h!.engine.listRuns({ functionId: fnId, limit: 100 })).sort((a, b) => (a.id < b.id ? -1 : 1));

  /** Waits until `n` runs of `fnId` are waiting on their signal (their wait step is registered). */
  const waitingRuns = (fnId: string, n: number, seen: Set<string>) =>
    waitFor(async () => {
      const runs = await runsOf(fnId);
      return runs.length === n && runs.every((r) => seen.has(r.id)) ? runs : undefined;
    }, 20_000, `${n} runs of ${fnId} waiting`);

  /** Waits until the run owning `signal`'s wait (as persisted) is `runId`. */
  const ownerIs = (signal: string, runId: string) =>
    waitFor(async () => {
      const { waiters } = await s.h!.store.loadActiveState();
      return waiters.some((w) => w.kind === "signal" && w.event === signal && w.runId === runId);
    }, 20_000, `${runId} to own ${signal}`);

  describe("step.waitForSignal and the signal API", () => {
    it("resumes the waiting run with {signal, data}; sendSignal answers its run id, or no run id when nothing waits", async () => {
      const waiting = new Set<string>();
      await startHarness((client) => [
        client.createFunction({ id: "sig", triggers: [{ event: "t/sig" }] }, async ({ step, runId }) => {
          await step.run("before", () => waiting.add(runId) && "ok");
          const got = await step.waitForSignal("wait", { signal: "approval/1", timeout: "1h" });
          return { got };
        }),
      ]);
      await s.h!.client.send({ name: "t/sig", data: {} });
      const [run] = await waitingRuns("conf-sig", 1, waiting);
      // The wait op reaches the engine just after the step before it: retry until the signal finds it.
      const sent = await waitFor(async () => (await s.h!.client.sendSignal({ signal: "approval/1", data: { ok: true } })).runId, 20_000, "signal delivered");
      expect(sent).toBe(run!.id);
      const done = await waitForRun(s.h!, "conf-sig");
      expect(done.status).toBe("Completed");
      expect(done.output).toEqual({ got: { signal: "approval/1", data: { ok: true } } });
      // No run waits any more: the SDK gets no run id (Inngest answers 404), and nothing throws.
      expect(await s.h!.client.sendSignal({ signal: "approval/1", data: {} })).toEqual({ runId: undefined });
    });

    it("step.sendSignal from another run resumes the waiting run and returns its run id", async () => {
      const waiting = new Set<string>();
      await startHarness((client) => [
        client.createFunction({ id: "sig-waiter", triggers: [{ event: "t/sig.waiter" }] }, async ({ step, runId }) => {
          await step.run("before", () => waiting.add(runId) && "ok");
          return step.waitForSignal("wait", { signal: "from-step", timeout: "1h" });
        }),
        client.createFunction({ id: "sig-sender", triggers: [{ event: "t/sig.sender" }] }, async ({ step }) =>
          step.sendSignal("send", { signal: "from-step", data: { via: "step" } }),
        ),
      ]);
      await s.h!.client.send({ name: "t/sig.waiter", data: {} });
      const [waiter] = await waitingRuns("conf-sig-waiter", 1, waiting);
      await ownerIs("from-step", waiter!.id);
      await s.h!.client.send({ name: "t/sig.sender", data: {} });
      const sender = await waitForRun(s.h!, "conf-sig-sender");
      expect(sender.output).toEqual({ runId: waiter!.id });
      const done = await waitForRun(s.h!, "conf-sig-waiter");
      expect(done.output).toEqual({ signal: "from-step", data: { via: "step" } });
    });

    it("a run that ends (cancelled) releases its signal: nothing is resumed, and a new run may wait on it", async () => {
      const waiting = new Set<string>();
      await startHarness((client) => [
        client.createFunction({ id: "sig-cx", triggers: [{ event: "t/sig.cx" }] }, async ({ step, runId }) => {
          await step.run("before", () => waiting.add(runId) && "ok");
          return step.waitForSignal("wait", { signal: "released", timeout: "1h" });
        }),
      ]);
      await s.h!.client.send({ name: "t/sig.cx", data: {} });
      const [first] = await waitingRuns("conf-sig-cx", 1, waiting);
      await ownerIs("released", first!.id);
      expect(await s.h!.engine.cancelRun(first!.id)).toBe(true);
      expect(await s.h!.client.sendSignal({ signal: "released", data: 1 })).toEqual({ runId: undefined });
      await s.h!.client.send({ name: "t/sig.cx", data: {} });
      const [, second] = await waitingRuns("conf-sig-cx", 2, waiting);
      await ownerIs("released", second!.id);
      expect((await s.h!.client.sendSignal({ signal: "released", data: 2 })).runId).toBe(second!.id);
      const done = await waitForRun(s.h!, "conf-sig-cx", 20_000, 1);
      expect(done.output).toEqual({ signal: "released", data: 2 });
    });

    it("resolves null when the wait times out", async () => {
      await startHarness((client) => [
        client.createFunction({ id: "sig-to", triggers: [{ event: "t/sig.to" }] }, async ({ step }) => {
          const got = await step.waitForSignal("wait", { signal: "never", timeout: "300ms" });
          return { got };
        }),
      ]);
      await s.h!.client.send({ name: "t/sig.to", data: {} });
      const done = await waitForRun(s.h!, "conf-sig-to");
      expect(done.status).toBe("Completed");
      expect(done.output).toEqual({ got: null });
    });

    it('onConflict "fail" (the default): a second run waiting on the same signal fails; the first keeps it', async () => {
      const waiting = new Set<string>();
      await startHarness((client) => [
        client.createFunction({ id: "sig-fail", retries: 2, triggers: [{ event: "t/sig.fail" }] }, async ({ step, event, runId }) => {
          await step.run("before", () => waiting.add(runId) && "ok");
          const got = await step.waitForSignal("wait", { signal: "shared", timeout: "1h" });
          return { who: (event.data as { who: string }).who, got };
        }),
      ]);
      await s.h!.client.send({ name: "t/sig.fail", data: { who: "first" } });
      const [firstRun] = await waitingRuns("conf-sig-fail", 1, waiting);
      await ownerIs("shared", firstRun!.id);
      await s.h!.client.send({ name: "t/sig.fail", data: { who: "second" } });
      const second = await waitForRun(s.h!, "conf-sig-fail", 20_000, 1);
      expect(second.status).toBe("Failed");
      expect(JSON.stringify(second.error)).toContain("Signal conflict");
      const { runId } = await s.h!.client.sendSignal({ signal: "shared", data: 1 });
      const first = await waitForRun(s.h!, "conf-sig-fail", 20_000, 0);
      expect(runId).toBe(first.id);
      expect(first.output).toEqual({ who: "first", got: { signal: "shared", data: 1 } });
    });

    for (const restart of [false, true]) {
      it(`onConflict "replace": the newer wait takes the signal, the older one times out to null${restart ? " (across a restart)" : ""}`, async () => {
        const waiting = new Set<string>();
        const store = await makeStore();
        const define: Parameters<typeof startHarness>[0] = (client) => [
          client.createFunction({ id: "sig-rep", triggers: [{ event: "t/sig.rep" }] }, async ({ step, event, runId }) => {
            const { who, timeout } = event.data as { who: string; timeout: string };
            await step.run("before", () => waiting.add(runId) && "ok");
            const got = await step.waitForSignal("wait", { signal: "taken", timeout, onConflict: "replace" });
            return { who, got };
          }),
        ];
        await startHarness(define, { store });
        await s.h!.client.send({ name: "t/sig.rep", data: { who: "old", timeout: restart ? "6s" : "1500ms" } });
        const [first] = await waitingRuns("conf-sig-rep", 1, waiting);
        await ownerIs("taken", first!.id);
        await s.h!.client.send({ name: "t/sig.rep", data: { who: "new", timeout: "1h" } });
        const [oldRun, newRun] = await waitingRuns("conf-sig-rep", 2, waiting);
        await ownerIs("taken", newRun!.id);
        if (restart) {
          await s.h!.close();
          await startHarness(define, { store });
        }
        const sent = await waitFor(async () => (await s.h!.client.sendSignal({ signal: "taken", data: "go" })).runId, 20_000, "signal delivered");
        expect(sent).toBe(newRun!.id);
        const newer = await waitForRun(s.h!, "conf-sig-rep", 20_000, 1);
        expect(newer.output).toEqual({ who: "new", got: { signal: "taken", data: "go" } });
        const older = await waitForRun(s.h!, "conf-sig-rep", 20_000, 0);
        expect(older.id).toBe(oldRun!.id);
        expect(older.output).toEqual({ who: "old", got: null });
      });
    }

    it("a wait survives a restart: the signal sent to the new engine resumes the run", async () => {
      const waiting = new Set<string>();
      const store = await makeStore();
      const define: Parameters<typeof startHarness>[0] = (client) => [
        client.createFunction({ id: "sig-rs", triggers: [{ event: "t/sig.rs" }] }, async ({ step, runId }) => {
          await step.run("before", () => waiting.add(runId) && "ok");
          const got = await step.waitForSignal("wait", { signal: "after-restart", timeout: "1h" });
          const after = await step.run("after", () => "continued");
          return { got, after };
        }),
      ];
      await startHarness(define, { store });
      await s.h!.client.send({ name: "t/sig.rs", data: {} });
      const [run] = await waitingRuns("conf-sig-rs", 1, waiting);
      await ownerIs("after-restart", run!.id);
      await s.h!.close();
      await startHarness(define, { store });
      const { runId } = await s.h!.client.sendSignal({ signal: "after-restart", data: { n: 7 } });
      expect(runId).toBe(run!.id);
      const done = await waitForRun(s.h!, "conf-sig-rs");
      expect(done.output).toEqual({ got: { signal: "after-restart", data: { n: 7 } }, after: "continued" });
    });

    it("the signal API checks auth and input", async () => {
      await startHarness(() => []);
      const unauth = await fetch(`${s.h!.engineUrl}/v1/signals`, { method: "POST", body: JSON.stringify({ signal: "x" }) });
      expect(unauth.status).toBe(401);
      await expect(s.h!.client.sendSignal({ signal: "", data: 1 })).rejects.toThrow(/signal must be a non-empty string/);
    });
  });

  describe("race-mode group.parallel", () => {
    // The SDK reports a losing branch that is still unresolved again when the function ends, so a run completes
    // once its losers have finished (as on Inngest); what race mode changes is that the code after the race
    // continues as soon as the first branch finishes, and the race's value is the winner's.
    it("the first finished step.run settles Promise.race and the code after it runs while the loser still executes", async () => {
      let release: () => void = () => {};
      const released = new Promise<void>((r) => (release = r));
      let slowFinished = false;
      let afterRanWhileSlowRunning: boolean | undefined;
      await startHarness((client) => [
        client.createFunction({ id: "race", triggers: [{ event: "t/race" }] }, async ({ step, group }) => {
          const winner = await group.parallel(async () =>
            Promise.race([
              step.run("fast", () => "fast"),
              step.run("slow", async () => {
                await Promise.race([released, new Promise((r) => setTimeout(r, 15_000))]);
                slowFinished = true;
                return "slow";
              }),
            ]),
          );
          const after = await step.run("after", () => {
            afterRanWhileSlowRunning ??= !slowFinished;
            return `after ${winner}`;
          });
          return { winner, after };
        }),
      ]);
      await s.h!.client.send({ name: "t/race", data: {} });
      await waitFor(() => afterRanWhileSlowRunning !== undefined, 20_000, "the step after the race");
      release();
      expect(afterRanWhileSlowRunning).toBe(true);
      const done = await waitForRun(s.h!, "conf-race");
      expect(done.status).toBe("Completed");
      expect(done.output).toEqual({ winner: "fast", after: "after fast" });
    });

    it("a timer can win: after a short sleep beats a long waitForEvent, the run continues without the event", async () => {
      let afterRan = false;
      await startHarness((client) => [
        client.createFunction({ id: "race-timer", triggers: [{ event: "t/race.timer" }] }, async ({ step, group }) => {
          const first = await group.parallel(async () =>
            Promise.race([
              step.sleep("short", "300ms").then(() => "slept"),
              step.waitForEvent("late", { event: "t/late", timeout: "1h" }).then(() => "event"),
            ]),
          );
          await step.run("after", () => (afterRan = true));
          return first;
        }),
      ]);
      await s.h!.client.send({ name: "t/race.timer", data: {} });
      await waitFor(() => afterRan, 20_000, "the step after the race");
      await s.h!.client.send({ name: "t/late", data: {} });
      const done = await waitForRun(s.h!, "conf-race-timer");
      expect(done.status).toBe("Completed");
      expect(done.output).toBe("slept");
    });

    it("a racing timer still races after a restart", async () => {
      let afterRan = false;
      const store = await makeStore();
      const define: Parameters<typeof startHarness>[0] = (client) => [
        client.createFunction({ id: "race-rs", triggers: [{ event: "t/race.rs" }] }, async ({ step, group }) => {
          const first = await group.parallel(async () =>
            Promise.race([
              step.sleep("short", "2s").then(() => "slept"),
              step.waitForEvent("late", { event: "t/late.rs", timeout: "1h" }).then(() => "event"),
            ]),
          );
          await step.run("after", () => (afterRan = true));
          return first;
        }),
      ];
      await startHarness(define, { store });
      await s.h!.client.send({ name: "t/race.rs", data: {} });
      // Both racing ops are registered (the wait is persisted) before the engine stops, the sleep still pending.
      await waitFor(async () => (await s.h!.store.loadActiveState()).waiters.some((w) => w.kind === "event"), 20_000, "wait registered");
      await s.h!.close();
      await startHarness(define, { store });
      await waitFor(() => afterRan, 20_000, "the step after the race");
      await s.h!.client.send({ name: "t/late.rs", data: {} });
      const done = await waitForRun(s.h!, "conf-race-rs");
      expect(done.output).toBe("slept");
    });
  });
}
