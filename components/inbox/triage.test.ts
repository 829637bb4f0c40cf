import { describe, expect, it } from "vitest";
import { decisionChip, dueState, relativeTo } from "./triage";

const now = Date.parse("2026-03-01T12:00:00Z");
const min = (m: number) => new Date(now + m * 60_000);

describe("dueState", () => {
  it("is none without a deadline and overdue once it passed", () => {
    expect(dueState(null, min(-10), now)).toBe("none");
    expect(dueState(min(-1), min(-60), now)).toBe("overdue");
    expect(dueState(new Date(now), min(-60), now)).toBe("overdue");
  });
  it("is due soon with under an hour left of a long window, on time before", () => {
    expect(dueState(min(59), min(-24 * 60), now)).toBe("due-soon");
    expect(dueState(min(61), min(-24 * 60), now)).toBe("on-time");
  });
  it("scales to a short window: a quarter of it left is due soon", () => {
    expect(dueState(min(2), min(-8), now)).toBe("due-soon");
    expect(dueState(min(8), min(-2), now)).toBe("on-time");
  });
});

describe("relativeTo", () => {
  it("says how far, and in which direction", () => {
    expect(relativeTo(min(5), now)).toBe("in 5 min");
    expect(relativeTo(min(-180), now)).toBe("3 h ago");
    expect(relativeTo(min(0.2), now)).toBe("in < 1 min");
    expect(relativeTo(min(3 * 24 * 60), now)).toBe("in 3 d");
  });
});

describe("decisionChip", () => {
  it("names each decision once (the bug: 'approve · approve')", () => {
    expect(decisionChip({ id: "approve", type: "approve" })).toBe("approve");
    expect(decisionChip({ id: "edit", type: "edit", label: "Edit" })).toBe("Edit");
  });
  it("adds the kind only when the name does not already say it", () => {
    expect(decisionChip({ id: "send", type: "approve", label: "Send as is" })).toBe("Send as is (approve)");
    expect(decisionChip({ id: "handled", type: "custom" })).toBe("handled (custom)");
  });
});
