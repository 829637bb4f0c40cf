import type { Node } from "@/core/graph";
import type { StepNodeData } from "./flow";

/** "$0.40 / $1.60 per 1M tokens" (input / output). */
export function formatPrice(price: { input: number; output: number }): string {
  const usd = (v: number) => `$${v < 1 ? v.toFixed(2) : v.toFixed(v < 10 ? 2 : 0)}`;
  return `${usd(price.input)} / ${usd(price.output)} per 1M`;
}

function host(url: string): string {
  const match = /^[a-z]+:\/\/([^/{?#]+)/i.exec(url.trim());
  return match?.[1] ?? url;
}

/** `steps.classify.output.category` reads better on a card as `classify › category`. */
export function shortRef(ref: string): string {
  const steps = /^steps\.([^.]+)\.output\.(.+)$/.exec(ref);
  if (steps) return `${steps[1]} › ${steps[2]}`;
  return ref.replace(/^input\./, "input › ");
}

const fieldCount = (schema: { properties?: Record<string, unknown> } | undefined) => Object.keys(schema?.properties ?? {}).length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The key setting of a node, as the one or two short lines its card shows. */
export function nodeSummary(node: Node, model?: StepNodeData["model"]): string[] {
  switch (node.kind) {
    case "trigger":
      return [plural(fieldCount(node.inputSchema as { properties?: Record<string, unknown> }), "input field")];
    case "llm": {
      const choice = "tier" in node.model ? `tier ${node.model.tier}` : "pinned";
      const lines = [`${node.task} · ${choice}`];
      if (model) lines.push(model.price ? `${model.name} · ${formatPrice(model.price)}` : model.name);
      else if ("model" in node.model) lines.push(node.model.model);
      return lines;
    }
    case "tool":
      return [`${node.contract.method} ${host(node.contract.url)}`];
    case "router":
      return [`on ${shortRef(node.source)}`];
    case "parallel":
      return ["runs every branch at once"];
    case "join":
      return [node.mode === "all" ? "waits for all branches" : "continues on the first branch"];
    case "loop":
      return [node.maxIterations ? `max ${plural(node.maxIterations, "iteration")}` : "no iteration cap"];
    case "human":
      return [`${node.role}${node.timeout ? ` · SLA ${node.timeout}` : " · no SLA"}`];
    case "delay":
      return [`waits ${node.duration}`];
    case "subprocess":
      return [`${node.process}${node.version ? ` v${node.version}` : " (latest)"}`];
    case "end":
      return [plural(Object.keys(node.output ?? {}).length, "output field")];
  }
}
