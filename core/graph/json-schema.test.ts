import { describe, expect, it } from "vitest";
import { processGraphJsonSchema } from "./json-schema";

describe("processGraphJsonSchema", () => {
  it("describes the graph with every node kind and edge kind, from the zod model", () => {
    const schema = processGraphJsonSchema("https://baton.example");
    expect(schema).toMatchObject({ $id: "https://baton.example/api/v1/schema/process-graph.json", type: "object", additionalProperties: false });
    expect(schema.required).toEqual(expect.arrayContaining(["slug", "name", "nodes", "edges"]));
    const text = JSON.stringify(schema);
    for (const kind of ["trigger", "llm", "tool", "router", "parallel", "join", "loop", "human", "delay", "subprocess", "end"]) expect(text).toContain(`"const":"${kind}"`);
    for (const kind of ["branch", "unmatched", "timeout", "loop-back", "budget", "error"]) expect(text).toContain(`"${kind}"`);
    // Recursive contracts (DataSchema) are emitted as definitions, not expanded forever.
    expect(Object.keys((schema.$defs ?? {}) as object).length).toBeGreaterThan(0);
    expect((schema.properties as Record<string, unknown>).$schema).toEqual({ type: "string", description: "This schema's URL" });
  });
});
