"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";

/** Publishes the draft as a new immutable version (or reports that nothing changed). */
export function PublishButton({ slug, disabled }: { slug: string; disabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const publish = useMutation(
    trpc.processes.publish.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.processes.get.queryKey({ slug }) }),
    }),
  );
  const result = publish.data;
  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" disabled={disabled || publish.isPending} onClick={() => publish.mutate({ slug })}>
        {publish.isPending ? "Publishing…" : "Publish draft"}
      </Button>
      {result ? (
        <p className="text-xs text-zinc-600" data-testid="publish-result">
          {result.status === "unchanged" ? `Unchanged: v${result.version.version} already runs this graph.` : `Published v${result.version.version}.`}
        </p>
      ) : null}
      {publish.error ? (
        <p role="alert" className="text-xs text-red-700">
          {publish.error.message}
        </p>
      ) : null}
    </div>
  );
}
