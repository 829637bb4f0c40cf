import type { ProcessGraph } from "@/core";
import { humanGraph, loopGraph, parallelGraph } from "@/core/testing/graphs";
import { importProcess, publishProcess } from "@/server/processes/processes.service";
import type { Db } from "@/server/db/client";

/** Import a graph as a draft and publish it (the harness re-syncs the engine on publish). */
export async function publishGraph(db: Db, graph: ProcessGraph) {
  await importProcess(db, { graph });
  const result = await publishProcess(db, { slug: graph.slug });
  return result.version.version;
}

const textOut = { type: "object" as const, required: ["text"], properties: { text: { type: "string" as const } } };

/** start → first (llm, light) → second (llm, mid) → done. */
export function twoStepGraph(slug: string, settings?: ProcessGraph["settings"]): ProcessGraph {
  return {
    slug,
    name: `Two steps ${slug}`,
    ...(settings ? { settings } : {}),
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["q"], properties: { q: { type: "string" } } } },
      { id: "first", kind: "llm", name: "First", task: "extract", model: { tier: "light" }, prompt: "Extract from {{ input.q }}", outputSchema: textOut },
      { id: "second", kind: "llm", name: "Second", task: "generate", model: { tier: "mid" }, prompt: "Write about {{ steps.first.output.text }}", outputSchema: textOut },
      { id: "done", kind: "end", name: "Done", output: { text: "{{ steps.second.output.text }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "first" },
      { id: "e2", source: "first", target: "second" },
      { id: "e3", source: "second", target: "done" },
    ],
  };
}

/** start → call (tool over real HTTP at `url`, bearer secret) → done. */
export function toolGraph(slug: string, url: string, secret: string): ProcessGraph {
  return {
    slug,
    name: `Tool ${slug}`,
    nodes: [
      { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
      {
        id: "call",
        kind: "tool",
        name: "Call",
        contract: {
          name: "test.lookup",
          method: "POST",
          url: `${url}/lookup/{{ input.id }}`,
          headers: { Authorization: `Bearer {{ secrets.${secret} }}` },
          inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
          outputSchema: { type: "object", required: ["status", "count"], properties: { status: { type: "string", enum: ["ok", "missing"] }, count: { type: "integer" } } },
        },
        input: { id: "{{ input.id }}" },
      },
      { id: "done", kind: "end", name: "Done", output: { status: "{{ steps.call.output.status }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "call" },
      { id: "e2", source: "call", target: "done" },
    ],
  };
}

export function withSlug<T extends ProcessGraph>(graph: T, slug: string): T {
  return { ...graph, slug, name: `${graph.name} ${slug}` };
}

export function humanProcess(slug: string, timeout = "1h"): ProcessGraph {
  const g = withSlug(humanGraph(), slug);
  return { ...g, nodes: g.nodes.map((n) => (n.kind === "human" ? { ...n, timeout } : n)) };
}

export function loopProcess(slug: string): ProcessGraph {
  const g = withSlug(loopGraph(), slug);
  // Never true: the loop runs to its cap and then fails the run.
  return { ...g, nodes: g.nodes.map((n) => (n.kind === "loop" ? { ...n, exitWhen: "steps.repeat.output.iteration > 100", onExhausted: "fail" as const } : n)) };
}

export function parallelProcess(slug: string): ProcessGraph {
  return withSlug(parallelGraph("all"), slug);
}
