import { describe, expect, it } from "vitest";
import { checkEngine } from "./health.service";

const fakeFetch = (status: number | Error) =>
  (async () => {
    if (status instanceof Error) throw status;
    return new Response("{}", { status });
  }) as unknown as typeof fetch;

describe("checkEngine", () => {
  it("is ok when the engine answers its health endpoint", async () => {
    expect(await checkEngine({ mode: "embedded", url: "http://127.0.0.1:8288", hasKeys: true }, fakeFetch(200))).toEqual({
      ok: true,
      mode: "embedded",
      url: "http://127.0.0.1:8288",
    });
  });

  it("reports the status or the connection error", async () => {
    const bad = await checkEngine({ mode: "embedded", url: "http://127.0.0.1:8288", hasKeys: true }, fakeFetch(500));
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining("500") });
    const down = await checkEngine(
      { mode: "external", url: "http://inngest:8288", hasKeys: true },
      fakeFetch(new Error("ECONNREFUSED")),
    );
    expect(down).toMatchObject({ ok: false, mode: "external", error: expect.stringContaining("ECONNREFUSED") });
  });

  it("treats Inngest Cloud (no URL) as ok when both keys are configured", async () => {
    expect(await checkEngine({ mode: "external", url: undefined, hasKeys: true })).toMatchObject({ ok: true, mode: "external" });
    expect(await checkEngine({ mode: "external", url: undefined, hasKeys: false })).toMatchObject({ ok: false });
  });
});
