"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { ProcessGraph } from "@/core/graph";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { diffGraphs } from "./graph-diff";

function List({ title, items }: { title: string; items: ReactNode[] }) {
  if (!items.length) return null;
  return (
    <div>
      <p className="text-xs font-semibold text-zinc-700">{title}</p>
      <ul className="mt-1 space-y-0.5 text-xs text-zinc-600">
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

const code = (s: string) => <code className="font-mono text-[11px] text-zinc-800">{s}</code>;

/** The review before publishing: what changes against the latest published version. */
export function PublishDialog({ open, onClose, slug, published, publishedVersion, draft }: { open: boolean; onClose: () => void; slug: string; published: ProcessGraph | null; publishedVersion: number | null; draft: ProcessGraph }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const publish = useMutation(
    trpc.processes.publish.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.processes.get.queryKey({ slug }) }),
    }),
  );
  if (!open) return null;
  const diff = diffGraphs(published, draft);
  const result = publish.data;

  return (
    <Dialog open={open} onClose={onClose} title="Review and publish" description={publishedVersion ? `Changes against v${publishedVersion}, the version runs use now.` : "First version: everything below is new."}>
      <div className="max-h-[50vh] space-y-3 overflow-y-auto" data-testid="publish-diff">
        {diff.empty ? <p className="text-sm text-zinc-600">No changes to what runs (moving steps on the canvas does not count).</p> : null}
        <List title="Process" items={diff.header.map((f) => <>{code(f)} changed</>)} />
        <List title="Steps added" items={diff.nodes.added.map((n) => <>{code(n.id)} {n.name} ({n.kind})</>)} />
        <List title="Steps removed" items={diff.nodes.removed.map((n) => <>{code(n.id)} {n.name}</>)} />
        <List title="Steps changed" items={diff.nodes.changed.map((c) => <>{code(c.id)} {c.fields.join(", ")}</>)} />
        <List title="Edges added" items={diff.edges.added.map((e) => <>{code(e.source)} → {code(e.target)}{e.kind ? ` (${e.kind})` : ""}</>)} />
        <List title="Edges removed" items={diff.edges.removed.map((e) => <>{code(e.source)} → {code(e.target)}</>)} />
        <List title="Edges changed" items={diff.edges.changed.map((c) => <>{code(c.id)} {c.fields.join(", ")}</>)} />
        <List
          title="Contract fields"
          items={diff.contracts.map((c) => (
            <>
              {code(`${c.nodeId}.${c.schema}.${c.path}`)} {c.change}
              {c.from ? ` from ${c.from}` : ""}
              {c.to ? ` to ${c.to}` : ""}
            </>
          ))}
        />
        <List title="Models" items={diff.models.map((m) => <>{code(m.nodeId)} {m.from} → {m.to}</>)} />
        <List title="Policies" items={diff.policies.map((p) => <>{p.nodeId ? code(p.nodeId) : "process settings"} changed</>)} />
      </div>
      {result ? (
        <p className="mt-3 text-sm text-emerald-700" data-testid="publish-result">
          {result.status === "unchanged" ? `Unchanged: v${result.version.version} already runs this graph.` : `Published v${result.version.version}.`}
        </p>
      ) : null}
      {publish.error ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {publish.error.message}
        </p>
      ) : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {result ? "Close" : "Cancel"}
        </Button>
        {!result ? (
          <Button onClick={() => publish.mutate({ slug })} disabled={publish.isPending}>
            {publish.isPending ? "Publishing…" : "Publish"}
          </Button>
        ) : null}
      </div>
    </Dialog>
  );
}
