import { describe, expect, it } from "vitest";
import { buildTimeline, visibleRows } from "./timeline";

const t0 = new Date("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const step = (stepId: string, attempt: number, from: number, to: number | null, status = "succeeded") => ({
  nodeId: stepId.split("#")[0]!,
  stepId,
  attempt,
  status,
  startedAt: at(from),
  endedAt: to === null ? null : at(to),
});

describe("buildTimeline", () => {
  it("splits each bar into waiting and running, retries as their own bars waiting out the backoff", () => {
    const tl = buildTimeline({ createdAt: t0, startedAt: at(100), endedAt: at(5000) }, [step("classify", 1, 150, 400, "failed"), step("classify", 2, 2400, 2600), step("draft", 1, 2700, 3000)], [], at(9999));
    expect(tl.durationMs).toBe(5000);
    expect(tl.bars.map((b) => [b.label, b.waitFrom, b.runFrom, b.to])).toEqual([
      ["classify", 100, 150, 400],
      ["classify · attempt 2", 400, 2400, 2600],
      ["draft", 2600, 2700, 3000],
    ]);
  });

  it("a human step is all wait, drawn to now while open; a running step is open-ended", () => {
    const tl = buildTimeline(
      { createdAt: t0, startedAt: t0, endedAt: null },
      [step("draft", 1, 0, 500), step("send", 1, 4000, null, "running")],
      [{ nodeId: "review", stepId: "review", status: "open", createdAt: at(600), resolvedAt: null }],
      at(8000),
    );
    const human = tl.bars.find((b) => b.kind === "human")!;
    expect(human).toMatchObject({ waitFrom: 600, runFrom: 8000, to: 8000, open: true, label: "review · waiting for a person" });
    expect(tl.bars.find((b) => b.nodeId === "send")).toMatchObject({ runFrom: 4000, to: 8000, open: true });
    expect(tl.durationMs).toBe(8000);
  });

  it("reused steps are not on this run's timeline", () => {
    const tl = buildTimeline({ createdAt: t0, startedAt: t0, endedAt: at(10) }, [{ ...step("classify", 1, 0, 5), reused: true }], [], at(10));
    expect(tl.bars).toEqual([]);
  });
});

describe("visibleRows", () => {
  it("renders only the rows in view plus a margin, for thousands of bars", () => {
    expect(visibleRows(5000, 0, 320, 28)).toEqual({ from: 0, to: 20 });
    expect(visibleRows(5000, 28 * 1000, 320, 28)).toEqual({ from: 992, to: 1020 });
    expect(visibleRows(10, 0, 320, 28)).toEqual({ from: 0, to: 10 });
  });
});
