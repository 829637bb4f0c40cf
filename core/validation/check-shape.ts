import type { NodeKind } from "../graph/nodes";
import { type Checker, label } from "./checker";

const WORK: readonly NodeKind[] = ["llm", "tool", "subprocess"];
const CONTROL: readonly NodeKind[] = ["router", "parallel", "join", "loop", "human", "delay"];

/** Advice about the process as a whole rather than any one node. */
export function checkShape(c: Checker): void {
  const nodes = [...c.index.nodes.values()];
  const work = nodes.filter((n) => WORK.includes(n.kind));
  const control = nodes.filter((n) => CONTROL.includes(n.kind));
  if (work.length === 1 && control.length === 0) {
    const only = work[0]!;
    c.report({
      severity: "warning",
      code: "process-single-step",
      nodeId: only.id,
      message: `Process "${c.graph.name}" has one step (${label(only)}) and no routing, loops or human review; it does not need an orchestrator. A single direct ${only.kind === "llm" ? "model" : only.kind} call is simpler, faster and cheaper than a durable run with step records.`,
      hint: "Call it directly from your code, or add the steps (validation, routing, review) that make orchestration worth it.",
    });
  }
  if (work.length === 0 && control.length === 0 && nodes.length > 0) {
    c.report({
      severity: "warning",
      code: "process-empty",
      message: `Process "${c.graph.name}" has no steps between its trigger and its end.`,
      hint: "Add llm, tool or subprocess steps.",
    });
  }
}
