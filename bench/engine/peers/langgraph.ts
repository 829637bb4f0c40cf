/**
 * Peer: LangGraph.js with its SQLite checkpointer (`@langchain/langgraph-checkpoint-sqlite`), the same shape as
 * the engine bench: a run of N trivial sequential steps with durable state. The graph is one node that adds its
 * index to an accumulator and loops back to itself until N steps ran, so every step is one superstep and one
 * checkpoint committed to a fresh SQLite file (WAL, `synchronous=NORMAL`, as the engine's store) before the next
 * step starts (`durability: "sync"`, the engine's guarantee: a completed step is durable before the run goes on).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { timed, type Shape, type ShapeResult } from "./shape";

const State = Annotation.Root({
  i: Annotation<number>(),
  n: Annotation<number>(),
  acc: Annotation<number>(),
});

export async function runLangGraph(shape: Shape, durability: "sync" | "async" = "sync"): Promise<ShapeResult> {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-langgraph-"));
  const saver = SqliteSaver.fromConnString(join(dir, "checkpoints.db"));
  // Same durability class as the engine's store (WAL + synchronous=NORMAL). The saver sets WAL itself on setup.
  (saver as unknown as { db: { pragma(s: string): unknown } }).db.pragma("journal_mode = WAL");
  (saver as unknown as { db: { pragma(s: string): unknown } }).db.pragma("synchronous = NORMAL");
  const graph = new StateGraph(State)
    .addNode("step", (s: typeof State.State) => ({ i: s.i + 1, acc: s.acc + s.i }))
    .addEdge(START, "step")
    .addConditionalEdges("step", (s: typeof State.State) => (s.i < s.n ? "step" : END))
    .compile({ checkpointer: saver });
  let thread = 0;
  const one = async () => {
    const n = shape.steps;
    const out = await graph.invoke({ i: 0, n, acc: 0 }, { configurable: { thread_id: `t${++thread}` }, recursionLimit: n + 10, durability });
    if (out.i !== n) throw new Error(`langgraph run ended at step ${out.i} of ${n}`);
  };
  const { ms, cpuMs } = await timed(async () => {
    for (let r = 0; r < shape.repeat; r++) await Promise.all(Array.from({ length: shape.runs }, one));
  });
  (saver as unknown as { db: { close(): void } }).db.close();
  rmSync(dir, { recursive: true, force: true });
  return { ms, cpuMs, steps: shape.steps * shape.runs * shape.repeat };
}
