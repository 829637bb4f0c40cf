"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { validateGraph, type Diagnostic } from "@/core/validation";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Checklist } from "./checklist";
import { fromTemplate, slugify, TEMPLATES } from "./templates";
import { useWorkspace } from "./use-workspace";

type Source = { kind: "template"; id: string } | { kind: "file"; name: string; graph: Record<string, unknown> | null; error?: string };

/** `/processes/new`: start blank, from a template, or from an exported JSON file (checked before saving). */
export function NewProcessPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const { ctx } = useWorkspace();
  const [name, setName] = useState("");
  const [slugEdited, setSlugEdited] = useState<string | null>(null);
  const [source, setSource] = useState<Source>({ kind: "template", id: "blank" });
  const create = useMutation(trpc.processes.create.mutationOptions({ onSuccess: (r) => router.push(`/processes/${r.process.slug}/design`) }));
  const slug = slugEdited ?? slugify(name);
  const taken = (ctx.processes ?? []).includes(slug);

  const graph = useMemo(() => {
    if (source.kind === "file") return source.graph ? { ...source.graph, ...(name ? { name } : {}), ...(slug ? { slug } : {}) } : null;
    const t = TEMPLATES.find((x) => x.id === source.id)!;
    return fromTemplate(t, { slug: slug || "new-process", name: name || t.name });
  }, [source, name, slug]);
  const diagnostics: Diagnostic[] = useMemo(() => (graph ? validateGraph(graph, ctx) : []), [graph, ctx]);
  const canCreate = Boolean(graph && slug && name && !taken && !create.isPending);

  const readFile = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as Record<string, unknown>;
      const { $schema: _s, ...graph } = parsed;
      setSource({ kind: "file", name: file.name, graph });
      if (typeof graph.name === "string" && !name) setName(graph.name);
      if (typeof graph.slug === "string" && slugEdited === null) setSlugEdited(graph.slug);
    } catch (e) {
      setSource({ kind: "file", name: file.name, graph: null, error: `${file.name} is not JSON: ${(e as Error).message}` });
    }
  };

  return (
    <div className="space-y-6">
      <PageHeader title="New process" description="Start from a template or import a graph exported from Baton. You can change everything on the canvas." />
      <Card title="Process">
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          <Field label="Name" htmlFor="process-name">
            <Input id="process-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Support triage (EU)" autoFocus />
          </Field>
          <Field label="Slug" htmlFor="process-slug" error={taken ? `"${slug}" exists already; pick another slug or open that process.` : null} hint="Used in URLs, the API and step ids; cannot change later.">
            <Input id="process-slug" className="font-mono" value={slug} onChange={(e) => setSlugEdited(slugify(e.target.value))} aria-invalid={taken} />
          </Field>
        </div>
      </Card>
      <Card title="Start from">
        <div className="grid gap-3 p-5 sm:grid-cols-3">
          {TEMPLATES.map((t) => {
            const active = source.kind === "template" && source.id === t.id;
            return (
              <button
                key={t.id}
                type="button"
                data-testid={`template-${t.id}`}
                aria-pressed={active}
                onClick={() => setSource({ kind: "template", id: t.id })}
                className={cn("rounded-lg border p-3 text-left transition-colors", active ? "border-zinc-900 ring-1 ring-zinc-900" : "border-zinc-200 hover:border-zinc-300")}
              >
                <span className="block text-sm font-medium text-zinc-900">{t.name}</span>
                <span className="mt-1 block text-xs text-zinc-500">{t.description}</span>
                <span className="mt-2 block text-[11px] text-zinc-400">
                  {t.graph.nodes.length} steps · {t.graph.edges.length} edges
                </span>
              </button>
            );
          })}
          <label className={cn("cursor-pointer rounded-lg border border-dashed p-3 text-left", source.kind === "file" ? "border-zinc-900" : "border-zinc-300 hover:border-zinc-400")}>
            <span className="block text-sm font-medium text-zinc-900">Import JSON…</span>
            <span className="mt-1 block text-xs text-zinc-500">{source.kind === "file" ? source.name : "A graph exported from Baton; checked before anything is saved."}</span>
            <input type="file" accept="application/json,.json" className="sr-only" data-testid="import-file" onChange={(e) => e.target.files?.[0] && void readFile(e.target.files[0])} />
          </label>
        </div>
      </Card>
      {source.kind === "file" && source.error ? <Alert tone="error">{source.error}</Alert> : null}
      {graph ? (
        <Card title="Checks" description={diagnostics.length ? "Saved as a draft even with errors; publishing waits until they are fixed." : undefined}>
          <Checklist diagnostics={diagnostics} onPick={() => {}} />
        </Card>
      ) : null}
      {create.error ? <Alert tone="error">{create.error.message}</Alert> : null}
      <div className="flex justify-end">
        <Button disabled={!canCreate} onClick={() => graph && create.mutate({ graph: graph as Record<string, unknown> })}>
          {create.isPending ? "Creating…" : "Create and open designer"}
        </Button>
      </div>
    </div>
  );
}
