"use client";

import { Dialog } from "@/components/ui/dialog";
import { SHORTCUTS } from "./shortcuts";

export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const mod = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl";
  return (
    <Dialog open onClose={onClose} title="Keyboard shortcuts">
      <table className="w-full text-sm" data-testid="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys} className="border-t border-zinc-100 first:border-t-0">
              <td className="py-1.5 pr-4 font-mono text-xs whitespace-nowrap text-zinc-800">{s.keys.replaceAll("Mod", mod)}</td>
              <td className="py-1.5 text-zinc-600">{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" autoFocus className="sr-only" onClick={onClose}>
        Close
      </button>
    </Dialog>
  );
}
