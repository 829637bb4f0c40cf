import type { Edge, EdgeKind, Node } from "@/core/graph";

/**
 * The outlets and inlets a node shows on the canvas, mirroring the edge conventions of
 * docs/core.md. Handle ids are what React Flow stores on an edge; `edgeFromHandle` turns them
 * back into the domain's `kind` / `sourceHandle`, so the canvas never invents a convention.
 */
export interface HandleSpec {
  id: string;
  label: string;
  /** Colours the outlet: failure paths and timeouts stand apart from the happy path. */
  tone: "default" | "branch" | "error" | "budget" | "timeout" | "loop";
}

export const IN = "in";
export const OUT = "out";
/** The loop header's second inlet, where `loop-back` edges return. */
export const LOOP_BACK = "loop-back";
/** A router outlet that creates a new branch edge when dragged from. */
export const NEW_BRANCH = "branch";

const branchHandle = (edgeId: string) => `branch:${edgeId}`;

export function sourceHandles(node: Node, outgoing: readonly Edge[]): HandleSpec[] {
  switch (node.kind) {
    case "end":
      return [];
    case "router":
      return [
        ...outgoing.filter((e) => e.kind === "branch").map((e) => ({ id: branchHandle(e.id), label: e.label ?? "branch", tone: "branch" as const })),
        { id: NEW_BRANCH, label: "+ branch", tone: "branch" },
        { id: "unmatched", label: "unmatched", tone: "timeout" },
      ];
    case "human":
      return [
        ...node.decisions.map((d) => ({ id: d.id, label: d.label ?? d.id, tone: d.type === "reject" ? ("error" as const) : ("default" as const) })),
        { id: "timeout", label: "timeout", tone: "timeout" },
      ];
    case "loop":
      return [
        { id: "body", label: "body", tone: "loop" },
        { id: "exit", label: "exit", tone: "default" },
      ];
    case "llm":
      return [
        { id: OUT, label: "", tone: "default" },
        { id: "error", label: "error", tone: "error" },
        { id: "budget", label: "budget", tone: "budget" },
      ];
    case "tool":
    case "subprocess":
      return [
        { id: OUT, label: "", tone: "default" },
        { id: "error", label: "error", tone: "error" },
      ];
    default:
      return [{ id: OUT, label: "", tone: "default" }];
  }
}

export function targetHandles(node: Node): string[] {
  if (node.kind === "trigger") return [];
  return node.kind === "loop" ? [IN, LOOP_BACK] : [IN];
}

const KIND_HANDLES: ReadonlySet<string> = new Set(["unmatched", "timeout", "error", "budget"]);

/** The React Flow handles of a domain edge. */
export function handlesOfEdge(edge: Edge, target: Node | undefined): { sourceHandle: string; targetHandle: string } {
  const kind = edge.kind ?? "default";
  const targetHandle = kind === "loop-back" && target?.kind === "loop" ? LOOP_BACK : IN;
  if (kind === "branch") return { sourceHandle: branchHandle(edge.id), targetHandle };
  if (KIND_HANDLES.has(kind)) return { sourceHandle: kind, targetHandle };
  return { sourceHandle: edge.sourceHandle ?? OUT, targetHandle };
}

/** What a new connection from `sourceHandle` means in the domain (kind and sourceHandle). */
export function edgeFromHandle(
  source: Node,
  sourceHandle: string | null | undefined,
  target: Node,
  targetHandle: string | null | undefined,
): Pick<Edge, "kind" | "sourceHandle"> {
  const handle = sourceHandle ?? OUT;
  if (targetHandle === LOOP_BACK && target.kind === "loop") return { kind: "loop-back" };
  if (source.kind === "router") return handle === "unmatched" ? { kind: "unmatched" } : { kind: "branch" };
  if (KIND_HANDLES.has(handle)) return { kind: handle as EdgeKind };
  if (source.kind === "human" || source.kind === "loop") return { sourceHandle: handle };
  return {};
}
