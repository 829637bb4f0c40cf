/**
 * Read-only projections of stored graphs and plans for display. The server returns them as
 * `unknown` (a draft may be invalid), so read leniently and show what is there.
 */
export interface NodeRow {
  id: string;
  kind: string;
  name: string;
  /** LLM steps: what the graph asks for (`tier light` or a pinned model). */
  modelChoice: string | null;
  /** LLM steps in a published plan: the resolved chain, primary first. */
  resolvedModels: string[];
  /** Human steps: who decides. */
  role: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

function describeChoice(choice: unknown): string | null {
  if (!isRecord(choice)) return null;
  if (typeof choice.tier === "string") return `tier ${choice.tier}`;
  if (typeof choice.model === "string") return choice.model;
  return null;
}

function planModels(plan: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isRecord(plan) || !Array.isArray(plan.steps)) return out;
  for (const step of plan.steps) {
    if (isRecord(step) && typeof step.id === "string" && Array.isArray(step.models)) {
      out.set(step.id, step.models.filter((m): m is string => typeof m === "string"));
    }
  }
  return out;
}

export function nodeRows(graph: unknown, plan: unknown): NodeRow[] {
  if (!isRecord(graph) || !Array.isArray(graph.nodes)) return [];
  const models = planModels(plan);
  return graph.nodes.filter(isRecord).map((n, i) => {
    const id = str(n.id) ?? `#${i + 1}`;
    return {
      id,
      kind: str(n.kind) ?? "unknown",
      name: str(n.name) ?? "",
      modelChoice: n.kind === "llm" ? describeChoice(n.model) : null,
      resolvedModels: models.get(id) ?? [],
      role: n.kind === "human" ? str(n.role) : null,
    };
  });
}

export function edgeCount(graph: unknown): number {
  return isRecord(graph) && Array.isArray(graph.edges) ? graph.edges.length : 0;
}
