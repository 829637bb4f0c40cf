/**
 * The TEST-ONLY crash hook must stay disarmed unless both variables are set exactly: one stray
 * BATON_TEST_CRASH_AT on a real instance must not make Baton kill itself.
 */
import { afterEach, expect, it, vi } from "vitest";

const saved = { at: process.env.BATON_TEST_CRASH_AT, confirm: process.env.BATON_TEST_CRASH_CONFIRM };

async function armedWith(at: string | undefined, confirm: string | undefined) {
  vi.resetModules();
  if (at === undefined) delete process.env.BATON_TEST_CRASH_AT;
  else process.env.BATON_TEST_CRASH_AT = at;
  if (confirm === undefined) delete process.env.BATON_TEST_CRASH_CONFIRM;
  else process.env.BATON_TEST_CRASH_CONFIRM = confirm;
  const hook = await import("./crash-hook");
  return { armed: hook.crashArmedAt(), phrase: hook.CRASH_CONFIRM_PHRASE };
}

afterEach(() => {
  for (const [k, v] of [["BATON_TEST_CRASH_AT", saved.at], ["BATON_TEST_CRASH_CONFIRM", saved.confirm]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.resetModules();
});

it("is disarmed without the confirmation phrase, and armed only with both variables", async () => {
  expect((await armedWith(undefined, undefined)).armed).toBeUndefined();
  expect((await armedWith("resolve-committed", undefined)).armed).toBeUndefined();
  expect((await armedWith("resolve-committed", "yes")).armed).toBeUndefined();
  const { phrase } = await armedWith(undefined, undefined);
  expect((await armedWith(undefined, phrase)).armed).toBeUndefined();
  expect((await armedWith("resolve-committed", phrase)).armed).toBe("resolve-committed");
});
