import type { z } from "zod";
import { GRAPH_LIMITS, graphSizeProblem } from "../graph/limits";
import { ProcessGraph } from "../graph/process-graph";
import { indexGraph, type GraphIndex } from "../graph/topology";
import type { Checker } from "./checker";
import { checkHumans } from "./check-humans";
import { checkCycles, checkLoops, checkParallel } from "./check-loops";
import { checkModels } from "./check-models";
import { checkReferences } from "./check-references";
import { checkRouters } from "./check-routers";
import { checkShape } from "./check-shape";
import { checkIds, checkStructure } from "./check-structure";
import { sortDiagnostics, type Diagnostic, type ValidationContext } from "./diagnostic";

export interface GraphAnalysis {
  /** Present when the input parsed as a ProcessGraph. */
  graph?: ProcessGraph;
  index?: GraphIndex;
  diagnostics: Diagnostic[];
}

/**
 * Validate a process graph (any JSON: it is parsed first). Deterministic: the same graph
 * gives the same diagnostics in the same order, whatever the order of its nodes, edges
 * and object keys.
 */
export function validateGraph(input: unknown, ctx: ValidationContext): Diagnostic[] {
  return analyzeGraph(input, ctx).diagnostics;
}

export function analyzeGraph(input: unknown, ctx: ValidationContext): GraphAnalysis {
  // Checked before parsing: a graph far over the limit would cost seconds to parse and index.
  const tooBig = graphSizeProblem(input);
  if (tooBig) {
    return {
      diagnostics: [
        {
          severity: "error",
          code: "graph-too-large",
          message: tooBig,
          hint: `Split the process into subprocesses of at most ${GRAPH_LIMITS.nodes} nodes and ${GRAPH_LIMITS.edges} edges each.`,
        },
      ],
    };
  }
  const parsed = ProcessGraph.safeParse(input);
  if (!parsed.success) return { diagnostics: sortDiagnostics(schemaDiagnostics(input, parsed.error)) };

  const graph = parsed.data;
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const report = (d: Diagnostic) => {
    // Two checks may reach the same conclusion (e.g. a reference read twice); report it once.
    const key = JSON.stringify([d.severity, d.code, d.nodeId, d.edgeId, d.message]);
    if (!seen.has(key)) {
      seen.add(key);
      diagnostics.push(d);
    }
  };

  checkIds(graph, report);
  const index = indexGraph(graph);
  const checker: Checker = { graph, index, ctx, report };
  checkStructure(checker);
  checkCycles(checker);
  checkLoops(checker);
  checkParallel(checker);
  checkHumans(checker);
  checkRouters(checker);
  checkReferences(checker);
  checkModels(checker);
  checkShape(checker);
  return { graph, index, diagnostics: sortDiagnostics(diagnostics) };
}

function schemaDiagnostics(input: unknown, error: z.ZodError): Diagnostic[] {
  const nodes = isRecord(input) && Array.isArray(input.nodes) ? input.nodes : [];
  const edges = isRecord(input) && Array.isArray(input.edges) ? input.edges : [];
  return error.issues.map((issue) => {
    const [head, index] = issue.path;
    const item = typeof index === "number" ? (head === "nodes" ? nodes[index] : head === "edges" ? edges[index] : undefined) : undefined;
    const id = isRecord(item) && typeof item.id === "string" ? item.id : undefined;
    const path = issue.path.map(String).join(".") || "(root)";
    return {
      severity: "error" as const,
      code: "schema-invalid",
      ...(id && head === "nodes" ? { nodeId: id } : {}),
      ...(id && head === "edges" ? { edgeId: id } : {}),
      message: `The graph does not match the process schema at ${path}: ${issue.message}.`,
      hint: "Fix the field so the graph parses; other checks run once it does.",
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
