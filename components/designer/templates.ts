import { exampleGraphs } from "@/core/examples";
import type { ProcessGraph } from "@/core/graph";

/** What "New process" offers. Every template is a complete graph with positions. */
export interface Template {
  id: string;
  name: string;
  description: string;
  graph: ProcessGraph;
}

const blank: ProcessGraph = {
  slug: "new-process",
  name: "New process",
  nodes: [
    { id: "start", kind: "trigger", name: "Start", position: { x: 0, y: 0 }, inputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } } },
    { id: "done", kind: "end", name: "Done", position: { x: 640, y: 0 }, output: {} },
  ],
  edges: [],
};

/** One model call and nothing else: Baton says an orchestrator is overkill here, and why. */
const oneStep: ProcessGraph = {
  slug: "summarise-text",
  name: "Summarise text",
  description: "One LLM call. The designer warns that a direct model call would do.",
  nodes: [
    { id: "start", kind: "trigger", name: "Text in", position: { x: 0, y: 0 }, inputSchema: { type: "object", required: ["text"], properties: { text: { type: "string" } } } },
    {
      id: "summarise",
      kind: "llm",
      name: "Summarise",
      task: "generate",
      position: { x: 320, y: 0 },
      model: { tier: "light" },
      prompt: "Summarise in two sentences:\n\n{{ input.text }}",
      outputSchema: { type: "object", required: ["summary"], properties: { summary: { type: "string" } } },
    },
    { id: "done", kind: "end", name: "Done", position: { x: 640, y: 0 }, output: { summary: "{{ steps.summarise.output.summary }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "summarise" },
    { id: "e2", source: "summarise", target: "done" },
  ],
};

export const TEMPLATES: Template[] = [
  { id: "blank", name: "Blank", description: "A trigger and an end; draw the rest.", graph: blank },
  ...Object.values(exampleGraphs).map((g) => ({ id: g.slug, name: g.name, description: g.description ?? "", graph: g })),
  { id: "one-step", name: "One step", description: oneStep.description!, graph: oneStep },
];

/** A template as a new draft under the user's name and slug (deep copy: templates stay pristine). */
export function fromTemplate(template: Template, header: { slug: string; name: string }): ProcessGraph {
  const copy = JSON.parse(JSON.stringify(template.graph)) as ProcessGraph;
  return { ...copy, slug: header.slug, name: header.name, version: undefined, id: undefined };
}

/** "Ticket triage (EU)" → "ticket-triage-eu". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}
