"use client";

import { useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { formatDuration } from "./format";
import { buildTimeline, visibleRows, type TimelineEscalation, type TimelineStep } from "./timeline";

const ROW = 28;
const VIEWPORT = 320;
const LABEL = 208;

const RUN_TONE: Record<string, string> = {
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  running: "bg-sky-500 animate-pulse",
  skipped: "bg-zinc-300",
};

/**
 * Waterfall of the run's attempts on a time axis: hatched grey is waiting (queued, a retry's
 * backoff, a person), the coloured part is running. Rows are virtualised and the axis zooms
 * inside its own scroll box, so a long loop neither slows the page nor widens it.
 */
export function RunTimeline({
  run,
  steps,
  escalations,
  now,
  onSelect,
}: {
  run: { createdAt: Date; startedAt: Date | null; endedAt: Date | null };
  steps: readonly TimelineStep[];
  escalations: readonly TimelineEscalation[];
  now: Date;
  onSelect?: (nodeId: string) => void;
}) {
  const timeline = useMemo(() => buildTimeline(run, steps, escalations, now), [run, steps, escalations, now]);
  const [zoom, setZoom] = useState(1);
  const [scrollTop, setScrollTop] = useState(0);
  const { from, to } = visibleRows(timeline.bars.length, scrollTop, VIEWPORT, ROW);
  const pct = (ms: number) => `${(ms / timeline.durationMs) * 100}%`;

  if (timeline.bars.length === 0) return <p className="px-5 py-8 text-center text-sm text-zinc-500">No steps have run yet.</p>;
  return (
    <div className="min-w-0 space-y-2 p-5" data-testid="run-timeline">
      <div className="flex items-center gap-3 text-xs text-zinc-500">
        <label className="flex items-center gap-2">
          Zoom
          <input type="range" min={1} max={20} step={1} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} aria-label="Zoom the time axis" />
        </label>
        <span>{formatDuration(timeline.durationMs)} in all</span>
        <span className="ml-auto flex items-center gap-3">
          <span className="flex items-center gap-1">
            <span className="inline-block h-2 w-4 rounded-sm bg-[repeating-linear-gradient(45deg,#d4d4d8_0,#d4d4d8_2px,transparent_2px,transparent_5px)]" /> waiting
          </span>
          <span className="flex items-center gap-1">
            <span className="inline-block h-2 w-4 rounded-sm bg-emerald-500" /> running
          </span>
        </span>
      </div>
      <div className="max-w-full overflow-auto rounded-md border border-zinc-200" style={{ height: VIEWPORT }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="relative" style={{ height: timeline.bars.length * ROW, width: `calc(${LABEL}px + (100% - ${LABEL}px) * ${zoom})` }}>
          {timeline.bars.slice(from, to).map((bar, i) => {
            const top = (from + i) * ROW;
            return (
              <button
                type="button"
                key={bar.key}
                className="absolute left-0 flex w-full items-center text-left hover:bg-zinc-50"
                style={{ top, height: ROW }}
                onClick={() => onSelect?.(bar.nodeId)}
                data-testid="timeline-bar"
                data-node-id={bar.nodeId}
                title={`${bar.label}: waited ${formatDuration(bar.runFrom - bar.waitFrom)}, ran ${formatDuration(bar.to - bar.runFrom)}`}
              >
                <span className="sticky left-0 z-10 shrink-0 truncate bg-white px-2 font-mono text-[11px] text-zinc-700" style={{ width: LABEL }}>
                  {bar.label}
                </span>
                <span className="relative h-3 flex-1">
                  <span
                    className="absolute inset-y-0 rounded-l-sm bg-[repeating-linear-gradient(45deg,#d4d4d8_0,#d4d4d8_2px,transparent_2px,transparent_5px)]"
                    style={{ left: pct(bar.waitFrom), width: pct(bar.runFrom - bar.waitFrom) }}
                    data-part="wait"
                  />
                  <span
                    className={cn("absolute inset-y-0 rounded-sm", bar.kind === "human" ? "" : (RUN_TONE[bar.status] ?? "bg-zinc-400"))}
                    style={{ left: pct(bar.runFrom), width: `max(2px, ${pct(bar.to - bar.runFrom)})` }}
                    data-part="run"
                  />
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
