import { describe, expect, it } from "vitest";
import { shortcutFor } from "./shortcuts";

const key = (k: string, mods: Partial<{ metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, ...mods });

describe("shortcutFor", () => {
  it("maps Cmd and Ctrl alike", () => {
    expect(shortcutFor(key("z", { metaKey: true }), false)).toBe("undo");
    expect(shortcutFor(key("Z", { ctrlKey: true, shiftKey: true }), false)).toBe("redo");
    expect(shortcutFor(key("y", { ctrlKey: true }), false)).toBe("redo");
    expect(shortcutFor(key("d", { metaKey: true }), false)).toBe("duplicate");
    expect(shortcutFor(key("F2"), false)).toBe("rename");
    expect(shortcutFor(key("Delete"), false)).toBe("delete");
    expect(shortcutFor(key("Backspace"), false)).toBe("delete");
    expect(shortcutFor(key("Backspace"), true)).toBeNull();
    expect(shortcutFor(key("?", { shiftKey: true }), false)).toBe("help");
    expect(shortcutFor(key("ArrowRight", { shiftKey: true }), false)).toEqual({ nudge: [160, 0] });
  });

  it("leaves text fields their own keys, except the palette, save and Escape", () => {
    expect(shortcutFor(key("z", { metaKey: true }), true)).toBeNull();
    expect(shortcutFor(key("?"), true)).toBeNull();
    expect(shortcutFor(key("ArrowLeft"), true)).toBeNull();
    expect(shortcutFor(key("k", { ctrlKey: true }), true)).toBe("palette");
    expect(shortcutFor(key("Escape"), true)).toBe("escape");
  });
});
