import { Button } from "./button";
import { cn } from "./cn";

/**
 * The Cancel + confirm row at the bottom of every dialog. Without `onConfirm` the confirm button
 * submits the surrounding form; `danger` dialogs (delete, revoke) focus Cancel first.
 */
export function DialogActions({
  onCancel,
  onConfirm,
  busy,
  label,
  busyLabel,
  danger = false,
  focusConfirm = false,
  cancelLabel = "Cancel",
  className,
}: {
  onCancel: () => void;
  onConfirm?: () => void;
  busy: boolean;
  label: string;
  busyLabel: string;
  danger?: boolean;
  /** Confirmations without a field (bulk approve) focus the confirm button, so Enter confirms and Escape cancels. */
  focusConfirm?: boolean;
  /** For dialogs whose action is itself a cancel ("Cancel run"), the dismiss button says what it keeps. */
  cancelLabel?: string;
  className?: string;
}) {
  return (
    <div className={cn("flex justify-end gap-2", className)}>
      <Button variant="secondary" onClick={onCancel} autoFocus={danger}>
        {cancelLabel}
      </Button>
      <Button type={onConfirm ? "button" : "submit"} variant={danger ? "danger" : "primary"} disabled={busy} onClick={onConfirm} autoFocus={focusConfirm && !danger}>
        {busy ? busyLabel : label}
      </Button>
    </div>
  );
}
