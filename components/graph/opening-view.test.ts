import { describe, expect, it } from "vitest";
import { FIT, openingViewport } from "./opening-view";

const card = (x: number, y: number, trigger = false) => ({ x, y, width: 240, height: 100, trigger });
const screen = { width: 1000, height: 600 };

describe("where a canvas opens", () => {
  it("leaves a graph that fits at or above the floor zoom to the ordinary fit view", () => {
    expect(openingViewport([card(0, 0, true), card(320, 0), card(640, 0)], screen)).toBeNull();
    expect(openingViewport([], screen)).toBeNull();
  });

  it("opens a graph too wide to fit at the floor on its trigger, at the floor zoom, vertically centred", () => {
    const chain = Array.from({ length: 20 }, (_, i) => card(i * 320, 40, i === 0));
    const v = openingViewport(chain, screen)!;
    expect(v.zoom).toBe(FIT.minZoom);
    // The trigger's left edge is just inside the left of the screen, its middle halfway down.
    expect(0 * v.zoom + v.x).toBe(40);
    expect((40 + 50) * v.zoom + v.y).toBe(300);
    // The last step is off screen to the right: this is not the middle of the graph.
    expect(19 * 320 * v.zoom + v.x).toBeGreaterThan(screen.width);
  });

  it("anchors on the trigger even when another step sits further left, and on its row when the graph is too tall too", () => {
    const boxes = [card(-200, 2000), card(0, 0, true), ...Array.from({ length: 20 }, (_, i) => card(i * 320, i * 200))];
    const v = openingViewport(boxes, screen)!;
    expect(v.x).toBe(40);
    expect(50 * v.zoom + v.y).toBe(300);
  });

  it("falls back to the leftmost step without a trigger", () => {
    const v = openingViewport(Array.from({ length: 20 }, (_, i) => card(100 + i * 320, 0)), screen)!;
    expect(100 * v.zoom + v.x).toBe(40);
  });
});
