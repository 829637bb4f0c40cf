import { z } from "zod";
import { ProcessGraph } from "./process-graph";

/** Where the graph format's JSON Schema is served; exported graphs name it in `$schema`. */
export const PROCESS_GRAPH_SCHEMA_PATH = "/api/v1/schema/process-graph.json";

/**
 * The process graph format as JSON Schema (draft 2020-12), generated from the zod model so
 * the published format cannot drift from what the API accepts. `$schema` is allowed on the
 * root because exported files carry it.
 */
export function processGraphJsonSchema(baseUrl = ""): Record<string, unknown> {
  const json = z.toJSONSchema(ProcessGraph, { io: "input", unrepresentable: "any" }) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    ...json,
    $id: `${baseUrl}${PROCESS_GRAPH_SCHEMA_PATH}`,
    title: "Baton process graph",
    properties: { $schema: { type: "string", description: "This schema's URL" }, ...json.properties },
  };
}
