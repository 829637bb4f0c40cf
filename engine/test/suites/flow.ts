import { NonRetriableError, RetryAfterError } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { hashedSigningKey } from "../../auth.js";
import { counter, EVENT_KEY, SIGNING_KEY, SIGNING_KEY_FALLBACK, startHarness as baseStartHarness, waitFor, waitForRun, type Harness } from "../harness.js";

import type { EngineStore } from "../../store/types.js";

/** Conformance suite; `makeStore` provides a fresh store per test (memory or a real database). */
export function defineFlowSuite(makeStore: () => Promise<EngineStore> | EngineStore): void {
  let h: Harness | undefined;
  const startHarness: typeof baseStartHarness = async (define, opts = {}) =>
    baseStartHarness(define, { ...opts, store: opts.store ?? (await makeStore()) });

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const runsOf = async (fnId: string) => (await h!.engine.listRuns({ functionId: fnId, limit: 1000 })).sort((a, b) => (a.id < b.id ? -1 : 1));

  describe("triggers", () => {
    it("matches exact names, prefix/* wildcards and `if` expressions (missing keys = no match)", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "exact", triggers: [{ event: "shop/order.created" }] }, async () => c.hit("exact")),
        client.createFunction({ id: "wild", triggers: [{ event: "shop/*" }] }, async ({ event }) => c.hit(`wild:${event.name}`)),
        client.createFunction(
          { id: "big", triggers: [{ event: "shop/order.created", if: "event.data.amount > 10" }] },
          async () => c.hit("big"),
        ),
      ]);
      await h.engine.send([
        { name: "shop/order.created", data: { amount: 50 } },
        { name: "shop/order.created", data: { amount: 5 } },
        { name: "shop/order.created", data: {} },
        { name: "shop/refund", data: {} },
        { name: "other/thing", data: {} },
      ]);
      await waitFor(async () => (await runsOf("conf-wild")).filter((r) => r.status === "Completed").length === 4);
      await waitFor(async () => (await runsOf("conf-exact")).filter((r) => r.status === "Completed").length === 3);
      await waitFor(async () => (await runsOf("conf-big")).filter((r) => r.status === "Completed").length === 1);
      expect(c.all()).toEqual({ exact: 3, "wild:shop/order.created": 3, "wild:shop/refund": 1, big: 1 });
    });

    it("cron triggers emit inngest/scheduled.timer runs", async () => {
      h = await startHarness((client) => [
        client.createFunction({ id: "tick", triggers: [{ cron: "TZ=Europe/Paris * * * * * *" }] }, async ({ event }) => ({
          name: event.name,
          cron: (event.data as { cron: string }).cron,
        })),
      ]);
      const run = await waitForRun(h, "conf-tick", 10_000);
      expect(run.status).toBe("Completed");
      expect(run.output).toEqual({ name: "inngest/scheduled.timer", cron: "TZ=Europe/Paris * * * * * *" });
    });
  });

  describe("retries", () => {
    it("retries a flaky step with backoff and passes ctx.attempt; completed steps never re-run", async () => {
      const c = counter();
      const attempts: number[] = [];
      h = await startHarness((client) => [
        client.createFunction({ id: "flaky", retries: 3, triggers: [{ event: "t/flaky" }] }, async ({ step }) => {
          await step.run("first", () => c.hit("first"));
          return step.run("flaky", ({ attempt }: { attempt?: number } = {}) => {
            c.hit("flaky");
            if (c.get("flaky") < 3) throw new Error(`boom ${c.get("flaky")}`);
            attempts.push(attempt ?? -1);
            return "ok";
          });
        }),
      ]);
      await h.engine.send({ name: "t/flaky", data: {} });
      const run = await waitForRun(h, "conf-flaky");
      expect(run.status).toBe("Completed");
      expect(run.output).toBe("ok");
      expect(c.get("first")).toBe(1);
      expect(c.get("flaky")).toBe(3);
    });

    it("fails the run after retries are exhausted (retries: 1 => 2 attempts), memoising {error}", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "always", retries: 1, triggers: [{ event: "t/always" }] }, async ({ step }) => {
          await step.run("bad", () => {
            c.hit("bad");
            throw new Error("always fails");
          });
        }),
      ]);
      await h.engine.send({ name: "t/always", data: {} });
      const run = await waitForRun(h, "conf-always");
      expect(run.status).toBe("Failed");
      expect(c.get("bad")).toBe(2);
      expect(run.steps[0]?.memo).toMatchObject({ error: { name: "Error", message: "always fails" } });
      expect(run.error).toMatchObject({ message: "always fails" });
    });

    it("absent retries means 4 retries (5 attempts)", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "default", triggers: [{ event: "t/default" }] }, async ({ step }) => {
          await step.run("bad", () => {
            c.hit("bad");
            throw new Error("nope");
          });
        }),
      ]);
      await h.engine.send({ name: "t/default", data: {} });
      const run = await waitForRun(h, "conf-default");
      expect(run.status).toBe("Failed");
      expect(c.get("bad")).toBe(5);
    });

    it("NonRetriableError fails at once; a caught step error lets the run continue", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "nonretry", retries: 5, triggers: [{ event: "t/nr" }] }, async ({ step }) => {
          await step.run("fatal", () => {
            c.hit("fatal");
            throw new NonRetriableError("fatal");
          });
        }),
        client.createFunction({ id: "caught", retries: 0, triggers: [{ event: "t/caught" }] }, async ({ step }) => {
          try {
            await step.run("fails", () => {
              c.hit("fails");
              throw new Error("expected");
            });
          } catch (e) {
            return step.run("recover", () => `recovered from ${(e as Error).message}`);
          }
        }),
      ]);
      await h.engine.send([{ name: "t/nr", data: {} }, { name: "t/caught", data: {} }]);
      const nr = await waitForRun(h, "conf-nonretry");
      expect(nr.status).toBe("Failed");
      expect(c.get("fatal")).toBe(1);
      const caught = await waitForRun(h, "conf-caught");
      expect(caught.status).toBe("Completed");
      expect(caught.output).toBe("recovered from expected");
      expect(c.get("fails")).toBe(1);
    });

    it("honours RetryAfterError (retry-after header) over the backoff, and retries function-level throws", async () => {
      const times: number[] = [];
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "later", retries: 2, triggers: [{ event: "t/later" }] }, async ({ step }) => {
          return step.run("rate-limited", () => {
            times.push(Date.now());
            if (times.length === 1) throw new RetryAfterError("slow down", "2s");
            return "done";
          });
        }),
        client.createFunction({ id: "fnlevel", retries: 2, triggers: [{ event: "t/fnlevel" }] }, async () => {
          c.hit("body");
          if (c.get("body") < 2) throw new Error("function-level");
          return "second time";
        }),
      ]);
      await h.engine.send([{ name: "t/later", data: {} }, { name: "t/fnlevel", data: {} }]);
      const run = await waitForRun(h, "conf-later");
      expect(run.output).toBe("done");
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1500);
      const fl = await waitForRun(h, "conf-fnlevel");
      expect(fl.output).toBe("second time");
      expect(c.get("body")).toBe(2);
    });
  });

  describe("sleep, waitForEvent, invoke", () => {
    it("sleeps durably (sleep and sleepUntil) and memoises null", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "sleepy", triggers: [{ event: "t/sleep" }] }, async ({ step }) => {
          const t0 = await step.run("t0", () => (c.hit("t0"), Date.now()));
          await step.sleep("nap", "1s");
          await step.sleepUntil("until", new Date(Date.now() + 500));
          const t1 = await step.run("t1", () => (c.hit("t1"), Date.now()));
          return t1 - t0;
        }),
      ]);
      await h.engine.send({ name: "t/sleep", data: {} });
      const run = await waitForRun(h, "conf-sleepy");
      expect(run.status).toBe("Completed");
      expect(run.output as number).toBeGreaterThanOrEqual(1000);
      expect(c.all()).toEqual({ t0: 1, t1: 1 });
      expect(run.steps.map((s) => s.memo)).toEqual([expect.objectContaining({ data: expect.any(Number) }), null, null, expect.anything()]);
    });

    it("waitForEvent: matches with `if`, times out to null, memoises the raw event", async () => {
      h = await startHarness((client) => [
        client.createFunction({ id: "waiter", triggers: [{ event: "t/wait.start" }] }, async ({ event, step }) => {
          const got = await step.waitForEvent("reply", {
            event: "t/wait.reply",
            timeout: "10s",
            if: "async.data.id == event.data.id",
          });
          return got ? { matched: (got.data as { id: string; v: number }).v } : { matched: null };
        }),
        client.createFunction({ id: "timeout", triggers: [{ event: "t/wait.never" }] }, async ({ step }) => {
          const got = await step.waitForEvent("never", { event: "t/nothing", timeout: "1s" });
          return { got };
        }),
      ]);
      await h.engine.send([{ name: "t/wait.start", data: { id: "a" } }, { name: "t/wait.never", data: {} }]);
      await waitFor(async () => (await h!.engine.getRun((await runsOf("conf-waiter"))[0]?.id ?? ""))?.status === "Running");
      await new Promise((r) => setTimeout(r, 300)); // let the wait register
      await h.engine.send({ name: "t/wait.reply", data: { id: "b", v: 1 } }); // wrong id
      await h.engine.send({ name: "t/wait.reply", data: { id: "a", v: 2 } });
      const run = await waitForRun(h, "conf-waiter");
      expect(run.output).toEqual({ matched: 2 });
      expect(run.steps[0]?.memo).toMatchObject({ name: "t/wait.reply", data: { id: "a", v: 2 }, id: expect.any(String), ts: expect.any(Number) });
      const t = await waitForRun(h, "conf-timeout");
      expect(t.output).toEqual({ got: null });
      expect(t.steps[0]?.memo).toBeNull();
    });

    for (const checkpointing of [true, false]) {
      it(`waitForEvent never loses an event sent before the wait reached the engine (checkpointing ${checkpointing})`, async () => {
        h = await startHarness(
          (client) => [
            client.createFunction({ id: "race", triggers: [{ event: "t/race.start" }] }, async ({ event, step }) => {
              // The step's side effect makes someone send the reply at once: it reaches the engine before
              // the WaitForEvent op does.
              await step.run("ask", () => client.send({ name: "t/race.reply", data: { id: (event.data as { id: string }).id } }));
              const got = await step.waitForEvent("reply", { event: "t/race.reply", timeout: "5s", if: "async.data.id == event.data.id" });
              return got ? "got it" : "lost";
            }),
          ],
          { checkpointing },
        );
        await h.engine.send({ name: "t/race.start", data: { id: "r1" } });
        const run = await waitForRun(h, "conf-race");
        expect(run.output).toBe("got it");
      });
    }

    it("invoke returns the child's result, propagates its error, and times out", async () => {
      h = await startHarness((client) => {
        const child = client.createFunction({ id: "child", retries: 0, triggers: [] }, async ({ event, step }) => {
          const d = event.data as { x: number; fail?: boolean; slow?: boolean };
          if (d.slow) await step.sleep("slow", "5s");
          if (d.fail) throw new NonRetriableError("child failed");
          return step.run("double", () => d.x * 2);
        });
        const parent = client.createFunction({ id: "parent", triggers: [{ event: "t/invoke" }] }, async ({ step }) => {
          const ok = await step.invoke("call-ok", { function: child, data: { x: 21 } });
          let err = "";
          try {
            await step.invoke("call-fail", { function: child, data: { x: 1, fail: true } });
          } catch (e) {
            err = (e as Error).message;
          }
          let timeout = "";
          try {
            await step.invoke("call-slow", { function: child, data: { x: 1, slow: true }, timeout: "1s" });
          } catch (e) {
            timeout = (e as Error).name + ":" + (e as Error).message;
          }
          return { ok, err, timeout };
        });
        return [child, parent];
      });
      await h.engine.send({ name: "t/invoke", data: {} });
      const run = await waitForRun(h, "conf-parent");
      expect(run.status).toBe("Completed");
      const out = run.output as { ok: number; err: string; timeout: string };
      expect(out.ok).toBe(42);
      expect(out.err).toContain("child failed");
      expect(out.timeout).toMatch(/time/i);
      expect(run.steps[0]?.memo).toEqual({ data: 42 });
    });
  });

  describe("cancellation, failure handlers, lifecycle events", () => {
    it("cancelOn cancels a sleeping run and emits inngest/function.cancelled + finished", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction(
          { id: "cancellable", cancelOn: [{ event: "t/cancel", match: "data.id" }], triggers: [{ event: "t/long" }] },
          async ({ step }) => {
            await step.run("before", () => c.hit("before"));
            await step.sleep("long", "1h");
            await step.run("after", () => c.hit("after"));
          },
        ),
        client.createFunction({ id: "on-cancelled", triggers: [{ event: "inngest/function.cancelled" }] }, async ({ event }) =>
          c.hit(`cancelled:${(event.data as { function_id: string }).function_id}`),
        ),
        client.createFunction(
          { id: "on-finished", triggers: [{ event: "inngest/function.finished", if: "event.data.function_id == 'conf-cancellable'" }] },
          async () => c.hit("finished"),
        ),
      ]);
      await h.engine.send([{ name: "t/long", data: { id: 1 } }, { name: "t/long", data: { id: 2 } }]);
      await waitFor(() => c.get("before") === 2);
      await new Promise((r) => setTimeout(r, 200));
      await h.engine.send({ name: "t/cancel", data: { id: 1 } });
      await waitFor(() => c.get("cancelled:conf-cancellable") === 1 && c.get("finished") === 1);
      const runs = await runsOf("conf-cancellable");
      const statuses = await Promise.all(runs.map(async (r) => (await h!.engine.getRun(r.id))!.status));
      expect(statuses.sort()).toEqual(["Cancelled", "Running"]);

      // The cancel call (Inngest REST shape: DELETE /v1/runs/:runId) with the signing key's bearer token.
      const running = runs.find((r, i) => statuses[i] === "Running") ?? runs[1]!;
      const other = (await Promise.all(runs.map((r) => h!.engine.getRun(r.id)))).find((r) => r!.status === "Running")!;
      const denied = await fetch(`${h.engineUrl}/v1/runs/${other.id}`, { method: "DELETE" });
      expect(denied.status).toBe(401);
      const res = await fetch(`${h.engineUrl}/v1/runs/${other.id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${hashedSigningKey(SIGNING_KEY)}` },
      });
      expect(res.status).toBe(200);
      expect((await h.engine.getRun(other.id))!.status).toBe("Cancelled");
      await waitFor(() => c.get("cancelled:conf-cancellable") === 2);
      expect(c.get("after")).toBe(0);
      void running;
    });

    it("onFailure runs with the error after a final failure", async () => {
      const seen: string[] = [];
      h = await startHarness((client) => [
        client.createFunction(
          {
            id: "fragile",
            retries: 0,
            triggers: [{ event: "t/fragile" }],
            onFailure: async ({ error, event }: { error: Error; event: { data: unknown } }) => {
              seen.push(`${error.message}|${(event.data as { event: { data: { k: string } } }).event.data.k}`);
            },
          },
          async () => {
            throw new Error("broken");
          },
        ),
      ]);
      await h.engine.send({ name: "t/fragile", data: { k: "v" } });
      const run = await waitForRun(h, "conf-fragile");
      expect(run.status).toBe("Failed");
      await waitFor(() => seen.length === 1);
      expect(seen[0]).toBe("broken|v");
    });
  });

  describe("flow control", () => {
    it("keyed concurrency limits executing call requests per key", async () => {
      const active = new Map<string, number>();
      const peak = new Map<string, number>();
      let globalActive = 0;
      let globalPeak = 0;
      h = await startHarness((client) => [
        client.createFunction(
          { id: "limited", concurrency: { limit: 1, key: "event.data.user" }, triggers: [{ event: "t/limited" }] },
          async ({ event, step }) =>
            step.run("work", async () => {
              const u = (event.data as { user: string }).user;
              active.set(u, (active.get(u) ?? 0) + 1);
              globalActive++;
              peak.set(u, Math.max(peak.get(u) ?? 0, active.get(u)!));
              globalPeak = Math.max(globalPeak, globalActive);
              await new Promise((r) => setTimeout(r, 150));
              active.set(u, active.get(u)! - 1);
              globalActive--;
              return u;
            }),
        ),
      ]);
      await h.engine.send(["a", "a", "a", "b", "b", "b"].map((user) => ({ name: "t/limited", data: { user } })));
      await waitFor(async () => (await runsOf("conf-limited")).filter((r) => r.status === "Completed").length === 6, 20_000);
      expect(peak.get("a")).toBe(1);
      expect(peak.get("b")).toBe(1);
      expect(globalPeak).toBe(2);
    });

    it("idempotency keys allow one run per key per 24 h", async () => {
      const c = counter();
      h = await startHarness((client) => [
        client.createFunction({ id: "once", idempotency: "event.data.orderId", triggers: [{ event: "t/order" }] }, async ({ event }) =>
          c.hit(String((event.data as { orderId: string }).orderId)),
        ),
      ]);
      await h.engine.send([
        { name: "t/order", data: { orderId: "o1" } },
        { name: "t/order", data: { orderId: "o1" } },
        { name: "t/order", data: { orderId: "o2" } },
      ]);
      await h.engine.send({ name: "t/order", data: { orderId: "o1" } });
      await waitFor(async () => (await runsOf("conf-once")).filter((r) => r.status === "Completed").length === 2);
      expect((await runsOf("conf-once")).length).toBe(2);
      expect(c.all()).toEqual({ o1: 1, o2: 1 });
    });

    for (const checkpointing of [true, false]) {
      it(`step.sendEvent and inngest.send inside a running step do not deadlock (checkpointing ${checkpointing})`, async () => {
        h = await startHarness(
          (client) => [
            client.createFunction({ id: "sender", triggers: [{ event: "t/send" }] }, async ({ step }) => {
              await step.sendEvent("fan-out", [{ name: "t/received", data: { n: 1 } }, { name: "t/received", data: { n: 2 } }]);
              await step.run("direct", () => client.send({ name: "t/received", data: { n: 3 } }));
              return "sent";
            }),
            client.createFunction({ id: "receiver", triggers: [{ event: "t/received" }] }, async ({ event }) => (event.data as { n: number }).n),
          ],
          { checkpointing },
        );
        await h.engine.send({ name: "t/send", data: {} });
        const run = await waitForRun(h, "conf-sender");
        expect(run.output).toBe("sent");
        await waitFor(async () => (await runsOf("conf-receiver")).filter((r) => r.status === "Completed").length === 3);
      });
    }
  });

  describe("auth and sync", () => {
    it("rejects wrong event keys and missing/wrong bearer tokens; accepts the fallback key", async () => {
      h = await startHarness((client) => [client.createFunction({ id: "x", triggers: [{ event: "t/x" }] }, async () => 1)]);
      const bad = await fetch(`${h.engineUrl}/e/wrong-key`, { method: "POST", body: JSON.stringify({ name: "t/x", data: {} }) });
      expect(bad.status).toBe(401);
      expect(((await bad.json()) as { error: string }).error).toMatch(/event key/);
      for (const auth of [undefined, "Bearer nope", `Bearer ${hashedSigningKey("signkey-test-" + "ab".repeat(32))}`]) {
        const r = await fetch(`${h.engineUrl}/fn/register`, {
          method: "POST",
          headers: auth ? { authorization: auth } : {},
          body: "{}",
        });
        expect(r.status).toBe(401);
      }
      const fb = await fetch(`${h.engineUrl}/v1/runs`, { headers: { authorization: `Bearer ${hashedSigningKey(SIGNING_KEY_FALLBACK)}` } });
      expect(fb.status).toBe(200);
      const ok = await fetch(`${h.engineUrl}/e/${EVENT_KEY}`, { method: "POST", body: JSON.stringify({ name: "t/x", data: {} }) });
      expect(ok.status).toBe(200);
      expect((await fetch(`${h.engineUrl}/health`)).status).toBe(200);
    });

    it("syncs out-of-band through POST /fn/register when the app refuses in-band sync", async () => {
      const prev = process.env.INNGEST_ALLOW_IN_BAND_SYNC;
      process.env.INNGEST_ALLOW_IN_BAND_SYNC = "false";
      try {
        h = await startHarness((client) => [client.createFunction({ id: "oob", triggers: [{ event: "t/oob" }] }, async () => "oob ok")]);
        const res = await h.engine.syncApp(h.serveUrl);
        expect(res.kind).toBe("out_of_band");
        expect(h.engine.health().functions).toBe(1);
        await h.engine.send({ name: "t/oob", data: {} });
        const run = await waitForRun(h, "conf-oob");
        expect(run.output).toBe("oob ok");
      } finally {
        if (prev === undefined) delete process.env.INNGEST_ALLOW_IN_BAND_SYNC;
        else process.env.INNGEST_ALLOW_IN_BAND_SYNC = prev;
      }
    });
  });

}
