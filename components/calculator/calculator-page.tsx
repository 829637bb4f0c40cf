"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useQueryStates } from "nuqs";
import { Suspense, useTransition } from "react";
import { TableSkeleton } from "@/components/runs/skeleton";
import { useTRPC } from "@/components/trpc/client";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { CalculatorIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Calculator } from "./calculator";
import { calculatorSearchParams } from "./search-params";

/** /calculator: pick a process (and a version or the draft); the projection renders below. */
export function CalculatorPage() {
  const trpc = useTRPC();
  const [isPending, startTransition] = useTransition();
  const [q, set] = useQueryStates(calculatorSearchParams, { startTransition });
  const { data: processes } = useSuspenseQuery(trpc.processes.list.queryOptions());
  const slug = q.process ?? processes.find((p) => p.latestVersion)?.slug ?? processes[0]?.slug ?? null;
  const current = processes.find((p) => p.slug === slug);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Calculator"
        description="Projected cost per run before you publish, with what-if model choices per step."
        actions={
          processes.length ? (
            <>
              <label htmlFor="calc-process" className="text-xs font-medium text-zinc-500">
                Process
              </label>
              <div className="w-56">
              <Select id="calc-process" className="h-8" value={slug ?? ""} onChange={(e) => void set({ process: e.target.value, version: null, dataset: null })}>
                {processes.map((p) => (
                  <option key={p.slug} value={p.slug}>
                    {p.name}
                  </option>
                ))}
              </Select>
              </div>
              <label htmlFor="calc-version" className="text-xs font-medium text-zinc-500">
                Version
              </label>
              <div className="w-36">
              <Select id="calc-version" className="h-8" value={q.version ?? ""} onChange={(e) => void set({ version: e.target.value || null, dataset: null })}>
                <option value="">{current?.latestVersion ? `Latest (v${current.latestVersion})` : "Draft"}</option>
                {Array.from({ length: current?.latestVersion ?? 0 }, (_, i) => (current?.latestVersion ?? 0) - i).map((v) => (
                  <option key={v} value={String(v)}>
                    v{v}
                  </option>
                ))}
                <option value="draft">Draft</option>
              </Select>
              </div>
              {slug ? (
                <Link href={`/calculator/${slug}/datasets`} className={buttonClasses({ variant: "secondary", size: "sm" })} data-testid="calc-datasets-link">
                  Dataset runs
                </Link>
              ) : null}
              {q.dataset ? (
                <Button variant="ghost" size="sm" onClick={() => void set({ dataset: null })} data-testid="calc-dataset-clear">
                  Stop using {q.dataset}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      {slug ? (
        <div aria-busy={isPending} className={cn("transition-opacity", isPending && "opacity-50")}>
          <Suspense fallback={<TableSkeleton />}>
            <Calculator key={`${slug}:${q.version ?? ""}:${q.dataset ?? ""}`} slug={slug} version={q.version} dataset={q.dataset} />
          </Suspense>
        </div>
      ) : (
        <EmptyState icon={CalculatorIcon} title="No process to estimate" description="Create or import a process first; its projection appears here, even before you publish it." />
      )}
    </div>
  );
}
