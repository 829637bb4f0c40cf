import type { NodeOverlay } from "@/components/graph/flow";
import type { RunView } from "@/server/runs/runs.schema";

/** What the canvas shows per node while a test run goes: the latest record's status, total cost, output. */
export interface TestNodeState {
  overlay: NodeOverlay;
  output: unknown;
  /** The output came from a pin (no call made). */
  pinned: boolean;
}

const STATUS: Record<string, NodeOverlay["status"]> = {
  running: "running",
  waiting: "waiting",
  succeeded: "completed",
  failed: "failed",
  skipped: "skipped",
};

/**
 * Maps a run's step records onto the nodes of the canvas. A node's status is that of its latest
 * record (retries and fallbacks are records of one node; a later success overrides an earlier
 * failure), its cost the sum of all its records. Nodes without a record have no overlay.
 */
export function testRunNodes(run: Pick<RunView, "steps" | "status"> | undefined): Map<string, TestNodeState> {
  const out = new Map<string, TestNodeState>();
  if (!run) return out;
  for (const s of run.steps) {
    if (s.reused) continue;
    const prev = out.get(s.nodeId);
    const pinned = Boolean(s.detail && typeof s.detail === "object" && (s.detail as { pinned?: unknown }).pinned === true);
    const costUsd = (prev?.overlay.costUsd ?? 0) + s.costUsd;
    out.set(s.nodeId, {
      overlay: { status: STATUS[s.status] ?? "pending", costUsd, latencyMs: s.latencyMs, ...(pinned ? { label: "pinned" } : {}) },
      output: s.output ?? prev?.output ?? null,
      pinned,
    });
  }
  return out;
}

export function overlayOf(nodes: Map<string, TestNodeState>): Record<string, NodeOverlay> {
  return Object.fromEntries([...nodes].map(([id, n]) => [id, n.overlay]));
}

export const TEST_RUN_DONE = ["completed", "failed", "cancelled"];
