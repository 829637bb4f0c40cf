import { describe, expect, it } from "vitest";
import { createHistory, HISTORY_LIMIT, record, redo, undo } from "./history";

describe("history", () => {
  it("undoes and redoes whole snapshots; a new change clears redo", () => {
    let h = createHistory("a");
    h = record(h, "b", { at: 0 });
    h = record(h, "c", { at: 10 });
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe("b");
    h = record(h, "d", { at: 20 });
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
    expect(undo(h).present).toBe("b");
  });

  it("groups a burst of changes with the same group into one step, but not across a pause or another group", () => {
    let h = createHistory("");
    for (const [i, text] of ["h", "he", "hel", "hell", "hello"].entries()) h = record(h, text, { group: "name", at: i * 200 });
    expect(h.past).toEqual([""]);
    h = record(h, "hello!", { group: "name", at: 5000 });
    expect(h.past).toEqual(["", "hello"]);
    h = record(h, "moved", { group: "move", at: 5100 });
    expect(h.past).toEqual(["", "hello", "hello!"]);
    // An undo ends the burst: typing again after it is a new step.
    h = undo(h);
    h = record(h, "hello!?", { group: "name", at: 5200 });
    expect(h.past).toEqual(["", "hello", "hello!"]);
  });

  it("ignores no-op changes and keeps at most HISTORY_LIMIT steps", () => {
    let h = createHistory(0);
    expect(record(h, 0, { at: 0 })).toBe(h);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = record(h, i, { at: i * 2000 });
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(10);
  });
});
