/** Every keyboard shortcut of the designer: the `?` overlay lists exactly these. */
export const SHORTCUTS: Array<{ keys: string; does: string }> = [
  { keys: "Mod+Z", does: "Undo" },
  { keys: "Shift+Mod+Z / Mod+Y", does: "Redo" },
  { keys: "Mod+C / Mod+X / Mod+V", does: "Copy / cut / paste steps (also into another process)" },
  { keys: "Mod+D", does: "Duplicate the selection" },
  { keys: "Mod+A", does: "Select all" },
  { keys: "Delete / Backspace", does: "Delete the selection" },
  { keys: "Arrow keys (Shift: ×10)", does: "Nudge the selection" },
  { keys: "F2", does: "Rename the selected step" },
  { keys: "Mod+K", does: "Command palette: add steps, run actions" },
  { keys: "Shift+drag", does: "Box select" },
  { keys: "Double-click a note", does: "Write in a sticky note (add one from the palette or Mod+K)" },
  { keys: "Mod+S", does: "Save now (the draft also saves by itself)" },
  { keys: "?", does: "This list" },
  { keys: "Esc", does: "Close dialogs, clear the selection" },
];

export type ShortcutAction = "undo" | "redo" | "copy" | "cut" | "paste" | "duplicate" | "delete" | "selectAll" | "rename" | "palette" | "help" | "escape" | "save" | { nudge: [number, number] };

/** Which action a key press means, or null. Text fields keep their own keys (except Mod+K and Esc). */
export function shortcutFor(e: { key: string; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }, inText: boolean): ShortcutAction | null {
  const mod = e.metaKey || e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && key === "k") return "palette";
  if (key === "Escape") return "escape";
  if (mod && key === "s") return "save";
  if (inText) return null;
  if (mod && key === "z") return e.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (mod && key === "c") return "copy";
  if (mod && key === "x") return "cut";
  if (mod && key === "v") return "paste";
  if (mod && key === "d") return "duplicate";
  if (mod && key === "a") return "selectAll";
  if (key === "F2") return "rename";
  if ((key === "Delete" || key === "Backspace") && !mod) return "delete";
  if (e.key === "?" && !mod) return "help";
  const step = e.shiftKey ? 160 : 16;
  const arrows: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (!mod && !e.altKey && arrows[e.key]) return { nudge: arrows[e.key]! };
  return null;
}
