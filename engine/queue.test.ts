import { describe, expect, it } from "vitest";
import { prioritise } from "./queue.js";

type Item = { id: string; fn: string; score?: number };
const order = (items: Item[]) => prioritise(items, (i) => i.fn, (i) => i.score).map((i) => i.id);

describe("prioritise", () => {
  it("sorts a function's items by score, lowest first, ties in their current order", () => {
    expect(
      order([
        { id: "a", fn: "f", score: 5 },
        { id: "b", fn: "f", score: 1 },
        { id: "c", fn: "f", score: 5 },
        { id: "d", fn: "f", score: 1 },
      ]),
    ).toEqual(["b", "d", "a", "c"]);
  });

  it("keeps other functions' items in place and leaves unscored groups in their order", () => {
    expect(
      order([
        { id: "x1", fn: "plain" },
        { id: "p-late", fn: "prio", score: 9 },
        { id: "x2", fn: "plain" },
        { id: "p-early", fn: "prio", score: 2 },
        { id: "x3", fn: "plain" },
      ]),
    ).toEqual(["x1", "p-early", "x2", "p-late", "x3"]);
  });

  it("returns the same order for the same input (deterministic) and does not mutate it", () => {
    const items: Item[] = [
      { id: "a", fn: "f", score: 3 },
      { id: "b", fn: "f", score: 3 },
      { id: "c", fn: "f", score: -1 },
    ];
    const copy = items.slice();
    expect(order(items)).toEqual(["c", "a", "b"]);
    expect(order(items)).toEqual(["c", "a", "b"]);
    expect(items).toEqual(copy);
  });
});
