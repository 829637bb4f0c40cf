"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { overlayOf, TEST_RUN_DONE, testRunNodes } from "./test-run-overlay";

/**
 * The designer's test run: start one of the current draft (saved first by autosave), poll it
 * through tRPC while it goes, and map its records onto the canvas overlay. Pins are stored
 * server-side per process, so they survive a reload and apply to every later test run.
 */
export function useTestRun(slug: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const state = useQuery(trpc.processes.testState.queryOptions({ slug }));
  const run = useQuery({
    ...trpc.runs.get.queryOptions({ runId: runId ?? "" }),
    enabled: runId !== null,
    // Fast enough to watch steps complete one by one; stops once the run has ended.
    refetchInterval: (q) => (q.state.data && TEST_RUN_DONE.includes(q.state.data.status) ? false : 600),
  });
  const start = useMutation(
    trpc.processes.testRun.mutationOptions({
      onSuccess: (r) => {
        setRunId(r.runId);
        void queryClient.invalidateQueries({ queryKey: trpc.processes.testState.queryKey({ slug }) });
      },
    }),
  );
  const pin = useMutation(
    trpc.processes.pin.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.processes.testState.queryKey({ slug }) }),
    }),
  );
  const current = runId && run.data?.id === runId ? run.data : undefined;
  const nodes = useMemo(() => testRunNodes(current), [current]);
  const overlay = useMemo(() => (nodes.size ? overlayOf(nodes) : undefined), [nodes]);
  return {
    slug,
    runId,
    run: current,
    nodes,
    overlay,
    lastInput: state.data?.input,
    pins: state.data?.pins ?? {},
    start,
    pinOutput: (nodeId: string, output: unknown) => pin.mutate({ slug, nodeId, output }),
    unpin: (nodeId: string) => pin.mutate({ slug, nodeId }),
    pinning: pin.isPending,
    clear: () => setRunId(null),
  };
}
export type TestRun = ReturnType<typeof useTestRun>;
