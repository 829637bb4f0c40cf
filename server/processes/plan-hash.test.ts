import { describe, expect, it } from "vitest";
import { compileGraph, exampleGraphs } from "@/core";
import { tiers } from "@/core/testing/graphs";
import { chainGraph } from "@/core/testing/large-graphs";
import { nodeSha256 } from "./processes.service";

describe("plan hash", () => {
  it("is the same with node:crypto (server) as with core's portable SHA-256 (designer)", () => {
    for (const graph of [chainGraph(50), ...Object.values(exampleGraphs)]) {
      const portable = compileGraph(graph, tiers);
      const native = compileGraph(graph, tiers, { sha256: nodeSha256 });
      expect(portable.ok).toBe(true);
      expect(native.hash).toBe(portable.hash);
    }
  });
});
