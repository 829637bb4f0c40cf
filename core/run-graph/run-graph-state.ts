import { describeWhen, edgeKind, parseRef, whenMatches, type Edge, type Node } from "../graph";

/**
 * What a run did, painted on the graph of the version it is pinned to. Only LLM and tool steps
 * write step records and only human steps write escalations, so the states of the other nodes
 * (trigger, routers, parallel, join, loop, delay, sub-process, end) are derived by walking the
 * graph from the trigger along the edges the run can be shown to have taken: a router's branch
 * is the one its source value matches (the same `whenMatches` the interpreter uses), a human's
 * the one its decision names. Pure, so the page, the live stream and tests agree.
 */
export type NodeRunState = "not_reached" | "queued" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "reused";

export interface RunGraphStep {
  nodeId: string;
  stepId: string;
  attempt: number;
  status: string;
  output: unknown;
  costUsd: number;
  latencyMs: number;
  reused: boolean;
}

export interface RunGraphEscalation {
  id: string;
  nodeId: string;
  status: string;
  decision: string | null;
  output?: unknown;
}

export interface RunGraphChild {
  id: string;
  process: string;
  status: string;
}

export interface RunGraphInput {
  status: string;
  input: unknown;
  steps: readonly RunGraphStep[];
  escalations: readonly RunGraphEscalation[];
  /** Runs started by this run's sub-process steps. */
  children?: readonly RunGraphChild[];
}

export interface NodeRunInfo {
  state: NodeRunState;
  costUsd: number;
  latencyMs: number;
  attempts: number;
  /** Routers: the value routed on, and the label of the branch taken. */
  routedValue?: unknown;
  branch?: string;
  /** Loops: how many iterations the body ran. */
  iterations?: number;
  /** Sub-process: the child run. */
  childRunId?: string;
  /** Human: the decision taken. */
  decision?: string;
}

export interface RunGraphState {
  nodes: Record<string, NodeRunInfo>;
  /** Ids of the edges the run took. */
  takenEdges: Set<string>;
}

const ACTIVE_RUN = new Set(["queued", "running", "waiting"]);
const RANK: Record<NodeRunState, number> = { not_reached: 0, skipped: 1, queued: 2, reused: 3, succeeded: 4, running: 5, waiting: 6, failed: 7 };

function getPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The state of one node's records: the latest attempt of every step (loop iteration) counts. */
function stateOfRecords(steps: readonly RunGraphStep[]): NodeRunState {
  const latest = new Map<string, RunGraphStep>();
  for (const s of steps) {
    const prev = latest.get(s.stepId);
    if (!prev || s.attempt >= prev.attempt) latest.set(s.stepId, s);
  }
  let state: NodeRunState = "not_reached";
  for (const s of latest.values()) {
    const next: NodeRunState =
      s.status === "succeeded" ? (s.reused ? "reused" : "succeeded") : s.status === "failed" ? "failed" : s.status === "running" ? "running" : s.status === "waiting" ? "waiting" : s.status === "skipped" ? "skipped" : "running";
    if (RANK[next] > RANK[state]) state = next;
  }
  return state;
}

function latestOutput(steps: readonly RunGraphStep[]): unknown {
  // Records come in execution order: the last success is the output later steps saw.
  let best: RunGraphStep | undefined;
  for (const s of steps) if (s.status === "succeeded") best = s;
  return best?.output;
}

function iterationsOf(stepIds: Iterable<string>): number {
  let max = 0;
  for (const id of stepIds) {
    const hash = id.indexOf("#");
    if (hash < 0) continue;
    const first = Number(id.slice(hash + 1).split(".")[0]);
    // Iterations are numbered from 1 (`work#1`, nested `work#2.1`).
    if (Number.isFinite(first)) max = Math.max(max, first);
  }
  return max;
}

/** Nodes inside a loop's body: reachable from its `body` edge without passing back through it. */
function loopBody(loop: Node, out: Map<string, Edge[]>): Set<string> {
  const body = new Set<string>();
  const stack = (out.get(loop.id) ?? []).filter((e) => e.sourceHandle === "body").map((e) => e.target);
  while (stack.length) {
    const id = stack.pop()!;
    if (id === loop.id || body.has(id)) continue;
    body.add(id);
    for (const e of out.get(id) ?? []) if (edgeKind(e) !== "loop-back") stack.push(e.target);
  }
  return body;
}

export function deriveRunGraphState(graph: { nodes: readonly Node[]; edges: readonly Edge[] }, run: RunGraphInput): RunGraphState {
  const active = ACTIVE_RUN.has(run.status);
  const byNode = new Map<string, RunGraphStep[]>();
  for (const s of run.steps) (byNode.get(s.nodeId) ?? byNode.set(s.nodeId, []).get(s.nodeId)!).push(s);
  const escalationOf = new Map<string, RunGraphEscalation>();
  for (const e of run.escalations) escalationOf.set(e.nodeId, e);
  const out = new Map<string, Edge[]>();
  for (const e of graph.edges) (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
  const outputs: Record<string, unknown> = {};
  for (const [nodeId, steps] of byNode) outputs[nodeId] = latestOutput(steps);
  for (const e of run.escalations) if (e.output !== undefined && e.output !== null) outputs[e.nodeId] = e.output;

  const nodes: Record<string, NodeRunInfo> = {};
  for (const node of graph.nodes) {
    const steps = byNode.get(node.id) ?? [];
    const own = steps.filter((s) => !s.reused);
    nodes[node.id] = {
      state: steps.length ? stateOfRecords(steps) : "not_reached",
      costUsd: own.reduce((sum, s) => sum + s.costUsd, 0),
      latencyMs: steps.reduce((sum, s) => sum + s.latencyMs, 0),
      attempts: steps.length,
    };
  }
  for (const node of graph.nodes) {
    const esc = escalationOf.get(node.id);
    if (!esc) continue;
    const info = nodes[node.id]!;
    info.state = esc.status === "open" ? "waiting" : esc.status === "cancelled" ? "skipped" : "succeeded";
    if (esc.decision) info.decision = esc.decision;
  }

  // Walk from the trigger along the edges each reached node can be shown to have taken.
  const taken = new Set<string>();
  const reached = new Set<string>();
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const started = run.status !== "queued";
  const queue: string[] = graph.nodes.filter((n) => n.kind === "trigger").map((n) => n.id);
  for (const id of queue) {
    reached.add(id);
    nodes[id]!.state = started ? "succeeded" : "queued";
  }
  const hasEvidence = (id: string) => nodes[id]!.state !== "not_reached";

  const follow = (node: Node): Edge[] => {
    const edges = out.get(node.id) ?? [];
    const info = nodes[node.id]!;
    const plain = (e: Edge) => ["default", "loop-back"].includes(edgeKind(e));
    switch (node.kind) {
      case "trigger":
        return started ? edges.filter(plain) : [];
      case "router": {
        const ref = parseRef(node.source);
        const value = !ref.ok ? undefined : ref.ref.root === "input" ? getPath(run.input, ref.ref.path) : ref.ref.root === "steps" ? getPath(outputs[ref.ref.stepId], ref.ref.path) : undefined;
        if (value === undefined) return [];
        info.routedValue = value;
        const match = edges.find((e) => edgeKind(e) === "branch" && e.when && whenMatches(e.when, value)) ?? edges.find((e) => edgeKind(e) === "unmatched");
        if (match) info.branch = match.label ?? (match.when ? describeWhen(match.when) : edgeKind(match));
        return match ? [match] : [];
      }
      case "human": {
        const esc = escalationOf.get(node.id);
        if (!esc || esc.status === "open" || esc.status === "cancelled") return [];
        if (esc.status === "timed_out") return edges.filter((e) => edgeKind(e) === "timeout");
        return edges.filter((e) => e.sourceHandle === esc.decision);
      }
      case "loop": {
        const body = loopBody(node, out);
        const stepIds = [...body].flatMap((id) => (byNode.get(id) ?? []).map((s) => s.stepId));
        info.iterations = iterationsOf(stepIds) || ([...body].some(hasEvidence) ? 1 : 0);
        const exitEdges = edges.filter((e) => e.sourceHandle === "exit");
        const exitTaken = exitEdges.some((e) => hasEvidence(e.target)) || run.status === "completed";
        return [...edges.filter((e) => e.sourceHandle === "body"), ...(exitTaken ? exitEdges : [])];
      }
      case "llm":
      case "tool":
        if (info.state === "failed") return edges.filter((e) => edgeKind(e) === "error" && hasEvidence(e.target));
        if (info.state === "succeeded" || info.state === "reused") return edges.filter((e) => plain(e) || hasEvidence(e.target));
        return [];
      case "subprocess": {
        const child = run.children?.find((c) => c.process === node.process);
        if (child) {
          info.childRunId = child.id;
          info.state = child.status === "completed" ? "succeeded" : child.status === "failed" || child.status === "cancelled" ? "failed" : "running";
        }
        return info.state === "succeeded" || edges.some((e) => hasEvidence(e.target)) ? edges.filter(plain) : [];
      }
      case "delay":
        return edges.some((e) => hasEvidence(e.target)) || !active ? edges.filter(plain) : [];
      default:
        // parallel, join, end: instantaneous once reached.
        return edges.filter(plain);
    }
  };

  for (let i = 0; i < queue.length; i++) {
    const node = nodeById.get(queue[i]!);
    if (!node) continue;
    for (const edge of follow(node)) {
      const target = nodeById.get(edge.target);
      if (!target) continue;
      // A loop-back edge counts as taken only when the loop ran more than once.
      if (edgeKind(edge) === "loop-back" && (nodes[edge.target]!.iterations ?? 0) < 2) continue;
      const waitingOnPeople = target.kind === "human" && !escalationOf.has(target.id);
      const recordKind = target.kind === "llm" || target.kind === "tool";
      // An LLM or tool step without a record did not run unless the run is still going.
      if (recordKind && !hasEvidence(target.id) && !active) continue;
      if (waitingOnPeople && !active) continue;
      taken.add(edge.id);
      if (reached.has(target.id)) continue;
      reached.add(target.id);
      const info = nodes[target.id]!;
      if (info.state === "not_reached") {
        if (recordKind || waitingOnPeople) info.state = "queued";
        else if (target.kind === "delay") info.state = active ? "waiting" : "succeeded";
        else if (target.kind === "subprocess") info.state = active ? "running" : "failed";
        else info.state = "succeeded";
      }
      if (target.kind === "end" && active) info.state = "running";
      queue.push(target.id);
    }
  }

  // A node every way into which was decided against (a router's other branch, a human's other
  // decision), or comes only from skipped nodes, was skipped; one that could still be reached
  // stays "not reached".
  const decided = (id: string) => reached.has(id) && (out.get(id) ?? []).some((e) => taken.has(e.id));
  const incoming = new Map<string, Edge[]>();
  for (const e of graph.edges) if (edgeKind(e) !== "loop-back") (incoming.get(e.target) ?? incoming.set(e.target, []).get(e.target)!).push(e);
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of graph.nodes) {
      const ins = incoming.get(node.id) ?? [];
      if (reached.has(node.id) || nodes[node.id]!.state !== "not_reached" || ins.length === 0) continue;
      if (ins.every((e) => !taken.has(e.id) && (decided(e.source) || nodes[e.source]?.state === "skipped"))) {
        nodes[node.id]!.state = "skipped";
        changed = true;
      }
    }
  }
  // A run that ended left nothing queued or running; a cancelled run leaves nothing waiting either.
  if (!active) {
    for (const info of Object.values(nodes)) {
      if (info.state === "queued" || info.state === "running" || info.state === "waiting") info.state = run.status === "failed" ? "failed" : "skipped";
    }
  }
  return { nodes, takenEdges: taken };
}
