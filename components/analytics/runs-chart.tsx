"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { runsHref } from "@/components/runs/search-params";
import type { ProcessAnalytics } from "@/server/analytics/analytics.schema";
import { bucketLabel, bucketsOf, bucketWindow, formatMoney } from "./format";

type Point = ProcessAnalytics["series"][number];
const STATUS = [
  { key: "completed", color: "#059669", status: "completed" },
  { key: "failed", color: "#dc2626", status: "failed" },
  { key: "cancelled", color: "#a1a1aa", status: "cancelled" },
  { key: "waiting", color: "#f59e0b", status: null },
] as const;

/** The series with every bucket of the window present (zero where no run started). */
function filled(a: ProcessAnalytics): Point[] {
  const byBucket = new Map(a.series.map((p) => [p.bucket, p]));
  return bucketsOf(a.scope.from, a.scope.to, a.scope.bucket).map((b) => byBucket.get(b) ?? { bucket: b, completed: 0, failed: 0, cancelled: 0, waiting: 0, costUsd: 0, tokens: 0 });
}

/** Publish markers: a dashed line at the bucket where each version in the window was published. */
function markers(a: ProcessAnalytics, buckets: Set<string>) {
  return a.versions
    .map((v) => ({ version: v.version, x: bucketLabel(v.publishedAt, a.scope.bucket) }))
    .filter((m) => buckets.has(m.x))
    .map((m) => <ReferenceLine key={m.version} x={m.x} stroke="#6366f1" strokeDasharray="4 3" label={{ value: `v${m.version}`, position: "insideTopRight", fill: "#6366f1", fontSize: 11 }} />);
}

const tick = (bucket: "hour" | "day") => (v: string) => (bucket === "day" ? v.slice(5) : v.slice(11, 16));

/** Runs per bucket by status; clicking a bar opens exactly those runs. */
export function RunsChart({ a }: { a: ProcessAnalytics }) {
  const router = useRouter();
  const data = filled(a);
  const lines = markers(a, new Set(data.map((d) => d.bucket)));
  const open = (bucket: string, status: string | null) => {
    const w = bucketWindow(bucket, a.scope.bucket);
    router.push(runsHref({ process: a.scope.process, version: a.scope.version, status, from: w.from, to: w.to }));
  };
  return (
    <div className="h-64 w-full" data-testid="runs-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" tickFormatter={tick(a.scope.bucket)} fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={32} />
          <Tooltip />
          <Legend />
          {STATUS.map((s) => (
            <Bar key={s.key} dataKey={s.key} stackId="runs" fill={s.color} cursor="pointer" onClick={(d: { payload?: Point }) => d.payload && open(d.payload.bucket, s.status)} />
          ))}
          {lines}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Cost per bucket (per day on the 7 and 30 day ranges). */
export function CostChart({ a }: { a: ProcessAnalytics }) {
  const data = filled(a);
  const lines = markers(a, new Set(data.map((d) => d.bucket)));
  return (
    <div className="h-64 w-full" data-testid="cost-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" tickFormatter={tick(a.scope.bucket)} fontSize={11} />
          <YAxis fontSize={11} width={56} tickFormatter={(v: number) => formatMoney(v)} />
          <Tooltip formatter={(v) => formatMoney(Number(v))} />
          <Line type="linear" dataKey="costUsd" name="Cost" stroke="#0f172a" dot={false} />
          {lines}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
