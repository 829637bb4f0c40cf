import { edgeKind } from "../graph/edges";
import type { NodeOf } from "../graph/nodes";
import { outputShapeOf } from "../graph/output-schema";
import { durationToMs } from "../graph/duration";
import { type Checker, label, list } from "./checker";

export function checkHumans(c: Checker): void {
  for (const node of c.index.nodes.values()) if (node.kind === "human") checkHuman(c, node);
}

function checkHuman(c: Checker, node: NodeOf<"human">): void {
  const out = c.index.outgoing.get(node.id)!;
  const ids = node.decisions.map((d) => d.id);

  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      c.report({
        severity: "error",
        code: "human-decision-duplicate",
        nodeId: node.id,
        message: `Human step ${label(node)} lists decision "${id}" more than once.`,
        hint: "Give each decision a unique id; it names the edge the decision takes.",
      });
    }
    seen.add(id);
  }

  for (const decision of node.decisions) {
    const edges = out.filter((e) => e.sourceHandle === decision.id && edgeKind(e) !== "timeout");
    if (edges.length !== 1) {
      c.report({
        severity: "error",
        code: edges.length === 0 ? "human-decision-edge-missing" : "human-decision-edge-multiple",
        nodeId: node.id,
        message:
          edges.length === 0
            ? `Decision "${decision.id}" (${decision.type}) of human step ${label(node)} has no edge, so the run cannot continue when a reviewer picks it.`
            : `Decision "${decision.id}" of human step ${label(node)} has ${edges.length} edges (${list(edges.map((e) => e.id))}); each decision takes exactly one.`,
        hint: `Connect exactly one edge with sourceHandle "${decision.id}" to the step that follows this decision.`,
      });
    }
  }
  for (const e of out) {
    if (edgeKind(e) === "timeout") continue;
    if (!e.sourceHandle || !ids.includes(e.sourceHandle)) {
      c.report({
        severity: "error",
        code: "human-edge-unknown-decision",
        nodeId: node.id,
        edgeId: e.id,
        message: `Edge "${e.id}" leaves human step ${label(node)} with sourceHandle ${e.sourceHandle ? `"${e.sourceHandle}"` : "missing"}, which is not one of its decisions (${list(ids)}).`,
        hint: 'Set sourceHandle to a decision id, or make it the "timeout" edge.',
      });
    }
  }

  const timeout = node.timeout ?? c.graph.settings?.timeouts?.human;
  const timeoutEdges = out.filter((e) => edgeKind(e) === "timeout");
  if (timeout && timeoutEdges.length === 0) {
    c.report({
      severity: "error",
      code: "human-timeout-branch-missing",
      nodeId: node.id,
      message: `Human step ${label(node)} has an SLA of ${timeout}${node.timeout ? "" : " (the process default)"} but no timeout edge, so the run has nowhere to go when nobody decides in time.`,
      hint: 'Add an edge of kind "timeout" (for example to an escalation to an admin, or to a fail-safe end).',
    });
  }
  if (!timeout && timeoutEdges.length > 0) {
    c.report({
      severity: "warning",
      code: "human-timeout-missing",
      nodeId: node.id,
      message: `Human step ${label(node)} has a timeout edge but no SLA timeout, so the edge is never taken.`,
      hint: 'Set "timeout" on the step (e.g. "4h"), or remove the timeout edge.',
    });
  }
  if (node.escalateTo) {
    const after = durationToMs(node.escalateTo.after);
    if (timeout && after >= durationToMs(timeout)) {
      c.report({
        severity: "error",
        code: "human-escalate-after-timeout",
        nodeId: node.id,
        message: `Human step ${label(node)} escalates to ${node.escalateTo.role} after ${node.escalateTo.after}, which is not before its SLA timeout of ${timeout}, so the escalation would never happen.`,
        hint: `Make "escalateTo.after" shorter than the timeout (${timeout}).`,
      });
    }
    if (node.escalateTo.role === node.role) {
      c.report({
        severity: "warning",
        code: "human-escalate-same-role",
        nodeId: node.id,
        message: `Human step ${label(node)} escalates to ${node.role}, the role that already decides it.`,
        hint: "Pick another role (usually a more senior one), or remove escalateTo.",
      });
    }
  }
  if (timeoutEdges.length > 1) {
    c.report({
      severity: "error",
      code: "human-timeout-branch-multiple",
      nodeId: node.id,
      message: `Human step ${label(node)} has ${timeoutEdges.length} timeout edges (${list(timeoutEdges.map((e) => e.id))}).`,
      hint: "Keep one timeout edge.",
    });
  }

  const editing = node.decisions.filter((d) => d.type === "edit");
  if (!node.subject) {
    if (editing.length) {
      c.report({
        severity: "error",
        code: "human-edit-without-subject",
        nodeId: node.id,
        message: `Human step ${label(node)} allows "${editing[0]!.id}" (edit) but names no subject step, so there is no contract to validate the edited output against.`,
        hint: 'Set "subject" to the id of the upstream step whose output the reviewer edits.',
      });
    }
    return;
  }
  const subject = c.index.nodes.get(node.subject);
  const problem = !subject
    ? `no node has id "${node.subject}"`
    : !c.index.ancestors.get(node.id)?.has(subject.id)
      ? `${label(subject)} is not upstream of it`
      : outputShapeOf(subject, c.index.nodes).kind !== "typed" || subject.kind === "human"
        ? `${label(subject)} (${subject.kind}) has no typed output to review`
        : undefined;
  if (problem) {
    c.report({
      severity: "error",
      code: "human-subject-invalid",
      nodeId: node.id,
      message: `Human step ${label(node)} reviews subject "${node.subject}", but ${problem}.`,
      hint: "Set subject to an upstream llm, tool or subprocess step.",
    });
  }
}
