"use client";

import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";

const KEYS: Array<[string, string]> = [
  ["j / ↓", "Next escalation"],
  ["k / ↑", "Previous escalation"],
  ["Enter", "Open the selected escalation"],
  ["x", "Select / unselect the highlighted escalation for a bulk decision"],
  ["A", "Approve the selected (Shift+a; a confirmation: Enter confirms, Esc cancels)"],
  ["R", "Reject the selected (Shift+r; a confirmation)"],
  ["c", "Claim (on an escalation); release it if you hold it, take it over if someone else does (recorded)"],
  ["a", "Approve (on an escalation)"],
  ["r", "Reject (on an escalation; the comment is kept)"],
  ["e", "Edit the output (on an escalation)"],
  ["?", "This help"],
  ["Esc", "Close"],
];

/** The inbox's keys, one list for the list and the detail view. */
export function KeyboardHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" description="Work the queue without the mouse. Keys are ignored while you type in a field.">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="keyboard-help">
        {KEYS.map(([key, what]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-200 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
            </dt>
            <dd className="text-zinc-700">{what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 flex justify-end">
        <Button variant="secondary" onClick={onClose} autoFocus>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
