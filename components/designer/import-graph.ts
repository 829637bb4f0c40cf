import { ProcessGraph } from "@/core/graph";

/**
 * A JSON file imported into an open designer: parsed and checked against the graph format before
 * anything changes. The open process keeps its slug (slugs cannot change); the file's `$schema`
 * is dropped (it cites the format, it is not part of the graph).
 */
export function graphFromImport(text: string, current: { slug: string }): { graph: ProcessGraph; renamedFrom?: string } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `The file is not JSON: ${(e as Error).message}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { error: "The file is not a process graph: expected a JSON object with nodes and edges." };
  const { $schema: _schema, ...rest } = parsed as Record<string, unknown>;
  const result = ProcessGraph.safeParse({ ...rest, slug: current.slug });
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { error: `The file is not a valid process graph (${result.error.issues.length} problem${result.error.issues.length === 1 ? "" : "s"}): ${issues.join("; ")}` };
  }
  const fileSlug = (rest as { slug?: unknown }).slug;
  return { graph: result.data, ...(typeof fileSlug === "string" && fileSlug !== current.slug ? { renamedFrom: fileSlug } : {}) };
}
