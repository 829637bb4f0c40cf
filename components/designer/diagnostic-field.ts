import type { Diagnostic } from "@/core/validation";

/**
 * Which inspector field a diagnostic is about, as the field's visible label (the inspector's
 * labels are its stable interface, and what a person reads). Mapping rows are labelled
 * "<key> =". Null when the diagnostic concerns the node as a whole (wiring, reachability).
 */
export function fieldLabelFor(d: Pick<Diagnostic, "code" | "message">): string | null {
  const m = d.message;
  const mapping = /(input|output) mapping "([^"]+)"/.exec(m) ?? /maps input field "([^"]+)"/.exec(m);
  if (mapping) return `${mapping.length === 3 ? mapping[2] : mapping[1]} =`;
  if (/\bits system prompt\b/.test(m)) return "System";
  if (/\bits prompt\b/.test(m)) return "Prompt";
  if (/\bits instructions\b/.test(m)) return "Instructions";
  if (/\bin exitWhen\b/.test(m)) return "Exit when";
  if (/\bin its source\b/.test(m)) return "Branch on";
  const byCode: Record<string, string> = {
    "tier-unconfigured": "Model",
    "model-unknown": "Model",
    "router-source-invalid": "Branch on",
    "router-source-type": "Branch on",
    "router-branch-when-missing": "Condition",
    "router-branch-type": "Condition",
    "human-timeout-missing": "SLA (timeout)",
    "human-subject-invalid": "Reviews the output of",
    "human-edit-without-subject": "Reviews the output of",
    "loop-max-iterations-missing": "Max iterations",
    "loop-exit-condition-missing": "Exit when",
    "subprocess-unknown": "Process",
    "subprocess-recursive": "Process",
    "secret-url-host-templated": "URL",
    "secret-url-not-allowed": "URL",
  };
  return byCode[d.code] ?? null;
}

/** Focuses the control labelled `label` inside `root` (first match); true when one was found. */
export function focusLabelledControl(root: ParentNode, label: string): boolean {
  for (const el of root.querySelectorAll("label[for]")) {
    if (el.textContent?.trim() !== label) continue;
    const control = root.querySelector<HTMLElement>(`[id="${CSS.escape(el.getAttribute("for")!)}"]`);
    if (!control) continue;
    control.scrollIntoView({ block: "center" });
    control.focus();
    return true;
  }
  return false;
}
