import { describe, expect, it } from "vitest";
import { exampleGraphs } from "@/core/examples";
import { graphFromImport } from "./import-graph";

describe("importing a graph file into the open designer", () => {
  const exported = { $schema: "http://x/api/v1/schema/process-graph.json", ...exampleGraphs["support-triage"] };

  it("round-trips an exported file under the open process's slug, dropping $schema", () => {
    const r = graphFromImport(JSON.stringify(exported), { slug: "my-copy" });
    if ("error" in r) throw new Error(r.error);
    expect(r.graph).toEqual({ ...exampleGraphs["support-triage"], slug: "my-copy" });
    expect(r.renamedFrom).toBe("support-triage");
    expect("$schema" in r.graph).toBe(false);
  });

  it("refuses what is not JSON or not a graph, saying where", () => {
    expect(graphFromImport("{nope", { slug: "a" })).toMatchObject({ error: expect.stringMatching(/^The file is not JSON/) });
    expect(graphFromImport("[1]", { slug: "a" })).toMatchObject({ error: expect.stringMatching(/expected a JSON object/) });
    const broken = { ...exampleGraphs["support-triage"], nodes: [{ id: "x", kind: "warp" }] };
    expect(graphFromImport(JSON.stringify(broken), { slug: "a" })).toMatchObject({ error: expect.stringMatching(/not a valid process graph.*nodes\.0/) });
  });
});
