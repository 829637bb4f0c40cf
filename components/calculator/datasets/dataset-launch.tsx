"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

/** Launch one dataset over a published version or the draft: repetitions, provider, spend cap, concurrency. */
export function DatasetLaunch({ slug, datasetId, latestVersion, onLaunched }: { slug: string; datasetId: string; latestVersion: number | null; onLaunched: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState(latestVersion ? String(latestVersion) : "draft");
  const [repetitions, setReps] = useState(1);
  const [provider, setProvider] = useState<"simulator" | "configured">("simulator");
  const [cap, setCap] = useState(1);
  const [concurrency, setConcurrency] = useState(3);
  const launch = useMutation(
    trpc.datasets.launch.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.runs.queryKey({ slug }) });
        onLaunched(r.id);
      },
    }),
  );
  const id = (k: string) => `ds-${datasetId}-${k}`;
  const small = "h-7 text-xs";
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600">
      <label htmlFor={id("target")}>Run</label>
      <Select id={id("target")} className={`${small} w-28`} value={target} onChange={(e) => setTarget(e.target.value)}>
        {Array.from({ length: latestVersion ?? 0 }, (_, i) => (latestVersion ?? 0) - i).map((v) => (
          <option key={v} value={String(v)}>
            v{v}
          </option>
        ))}
        <option value="draft">Draft</option>
      </Select>
      <label htmlFor={id("reps")}>× each</label>
      <Input id={id("reps")} type="number" min={1} max={20} className={`${small} w-16`} value={repetitions} onChange={(e) => setReps(Math.max(1, Math.min(20, Number(e.target.value) || 1)))} />
      <label htmlFor={id("provider")}>on</label>
      <Select id={id("provider")} className={`${small} w-40`} value={provider} onChange={(e) => setProvider(e.target.value as "simulator" | "configured")}>
        <option value="simulator">Simulator (no spend)</option>
        <option value="configured">Configured providers</option>
      </Select>
      <label htmlFor={id("cap")}>cap $</label>
      <Input id={id("cap")} type="number" min={0.0001} step={0.5} className={`${small} w-20`} value={cap} onChange={(e) => setCap(Math.max(0, Number(e.target.value) || 0))} />
      <label htmlFor={id("concurrency")}>at once</label>
      <Input id={id("concurrency")} type="number" min={1} max={10} className={`${small} w-14`} value={concurrency} onChange={(e) => setConcurrency(Math.max(1, Math.min(10, Number(e.target.value) || 1)))} />
      <Button
        size="sm"
        disabled={launch.isPending || cap <= 0}
        data-testid={`ds-launch-${datasetId}`}
        onClick={() => launch.mutate({ datasetId, target: target === "draft" ? "draft" : Number(target), repetitions, provider, spendCapUsd: cap, concurrency })}
      >
        Launch
      </Button>
      {launch.error ? (
        <p role="alert" className="basis-full text-red-700">
          {launch.error.message}
        </p>
      ) : null}
    </div>
  );
}
