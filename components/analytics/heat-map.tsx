"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import { useEffect, useMemo } from "react";
import { ProcessGraph } from "@/core";
import { ProcessCanvas } from "@/components/graph";
import { runsHref } from "@/components/runs/search-params";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import type { NodeAnalytics } from "@/server/analytics/analytics.schema";
import { HEAT_LABEL, HEAT_METRICS, heatOverlay, type HeatScale } from "./heat";
import { analyticsSearchParams } from "./search-params";

const NO_EDGES: ReadonlySet<string> = new Set();

/**
 * The process graph (the version in scope, else the latest published one) on the shared read-only
 * canvas, painted with one per-node figure at a time. Clicking a node opens the runs that passed through it.
 */
export function HeatMap({ data, version }: { data: NodeAnalytics; version: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [{ heat: metric }, set] = useQueryStates(analyticsSearchParams);
  const s = data.scope;
  const { data: detail, isPending } = useQuery({ ...trpc.processes.version.queryOptions({ slug: s.process, version: version ?? 1 }), enabled: version !== null });
  const graph = useMemo(() => {
    const parsed = ProcessGraph.safeParse(detail?.graph);
    return parsed.success ? parsed.data : null;
  }, [detail]);
  const href = useMemo(() => (nodeId: string) => runsHref({ process: s.process, version: s.version, node: nodeId, from: s.from, to: s.to }), [s]);
  const heat = useMemo(() => (graph ? heatOverlay(graph, data.nodes, metric, href) : null), [graph, data.nodes, metric, href]);
  if (version === null) return <p className="px-5 py-4 text-sm text-zinc-500">No published version to draw.</p>;
  if (isPending) return <div className="h-[28rem] animate-pulse bg-zinc-50" />;
  if (!graph || !heat) return <p className="px-5 py-4 text-sm text-amber-800">Version {version}'s graph could not be read.</p>;
  return (
    <div data-testid="heat-map" data-metric={metric}>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-100 px-5 py-2.5">
        <div role="radiogroup" aria-label="Heat overlay figure" className="inline-flex rounded-md border border-zinc-200 p-0.5">
          {HEAT_METRICS.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={metric === m}
              className={cn("rounded px-2.5 py-1 text-xs font-medium", metric === m ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100")}
              onClick={() => void set({ heat: m })}
            >
              {HEAT_LABEL[m]}
            </button>
          ))}
        </div>
        <Legend scale={heat.scale} />
      </div>
      <div className="h-[28rem] w-full overflow-hidden">
        <ProcessCanvas
          graph={graph}
          mode="view"
          overlay={heat.overlay}
          highlightedEdges={NO_EDGES}
          onSelectionChange={(ids) => {
            const id = [...ids].find((x) => data.nodes.some((n) => n.nodeId === x && n.runs > 0));
            if (id) router.push(href(id));
          }}
        >
          <FitWhole />
        </ProcessCanvas>
      </div>
    </div>
  );
}

/** A heat map is read whole: fit every node once measured, below the canvas's usual 50% floor if need be. */
function FitWhole() {
  const ready = useNodesInitialized();
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (ready) void fitView({ padding: 0.05 });
  }, [ready, fitView]);
  return null;
}

function Legend({ scale }: { scale: HeatScale | null }) {
  if (!scale) return <p className="text-xs text-zinc-500">No figures in this range.</p>;
  return (
    <div className="flex items-center gap-1 text-[11px] text-zinc-600" data-testid="heat-legend" aria-label="Colour scale">
      <span>0</span>
      {scale.bands.map((b) => (
        <span key={b.colour} className="flex items-center gap-1">
          <span className="inline-block h-3 w-6 rounded-sm border border-zinc-200" style={{ backgroundColor: b.colour }} />
          <span>≤ {b.upTo}</span>
        </span>
      ))}
    </div>
  );
}
