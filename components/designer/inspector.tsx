"use client";

import { useMemo, useState, type Ref } from "react";
import { Node as NodeSchema, type Edge, type Node, type ProcessGraph, type ProcessSettings } from "@/core/graph";
import type { Diagnostic } from "@/core/validation";
import { KIND_META, NOTE_PREFIX } from "@/components/graph";
import { cn } from "@/components/ui/cn";
import { EdgeForm } from "./edge-form";
import { Section, TextField } from "./inspector-fields";
import { PolicyForm } from "./policy-form";
import { KindForm } from "./node-forms";
import { referenceScope } from "./reference-scope";
import { SettingsForm } from "./settings-form";

/**
 * The side panel for the selected node or edge: one form per kind, checked with the core zod
 * schema on every keystroke (issues under their fields), the step policy, and the raw JSON.
 */
export interface InspectorProps {
  graph: ProcessGraph;
  selected: ReadonlySet<string>;
  diagnostics: readonly Diagnostic[];
  disabled: boolean;
  processes: readonly string[];
  onNode: (node: Node, field: string, previousId: string) => void;
  onEdge: (edge: Edge, field: string) => void;
  onSettings: (settings: ProcessSettings | undefined, field: string) => void;
  nameRef?: Ref<HTMLInputElement>;
}

function issuesOf(node: Node): Record<string, string> {
  const parsed = NodeSchema.safeParse(node);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const i of parsed.error.issues) out[i.path.join(".")] ??= i.message;
  return out;
}

export function Inspector({ graph, selected, diagnostics, disabled, processes, onNode, onEdge, onSettings, nameRef }: InspectorProps) {
  const [tab, setTab] = useState<"form" | "json">("form");
  const ids = [...selected];
  const node = ids.length === 1 ? graph.nodes.find((n) => n.id === ids[0]) : undefined;
  const edge = ids.length === 1 && !node ? graph.edges.find((e) => e.id === ids[0]) : undefined;
  const scope = useMemo(() => (node ? referenceScope(graph, node.id) : []), [graph, node]);

  if (ids.length === 1 && ids[0]!.startsWith(NOTE_PREFIX)) {
    return <p className="p-4 text-sm text-zinc-500" data-testid="note-hint">A sticky note: double-click it on the canvas to edit its text; drag its corner to resize. Notes are for people and never run.</p>;
  }
  if (!node && !edge) {
    if (ids.length > 1) return <p className="p-4 text-sm text-zinc-500">{`${ids.length} items selected.`}</p>;
    return (
      <>
        <p className="p-4 text-sm text-zinc-500">Select a step or an edge to edit it. Double-click the canvas background to fit the view.</p>
        <SettingsForm settings={graph.settings} disabled={disabled} onChange={onSettings} />
      </>
    );
  }
  if (edge) {
    return (
      <div data-testid="inspector" data-edge-id={edge.id}>
        <Section title="Edge">
          <EdgeForm graph={graph} edge={edge} disabled={disabled} set={onEdge} />
        </Section>
      </div>
    );
  }
  const n = node!;
  const meta = KIND_META[n.kind];
  const issues = issuesOf(n);
  const set = (next: Node, field: string) => onNode(next, field, n.id);
  const upstream = graph.nodes.filter((x) => x.id !== n.id && (x.kind === "llm" || x.kind === "tool" || x.kind === "subprocess")).map((x) => ({ id: x.id, name: x.name }));
  const mine = diagnostics.filter((d) => d.nodeId === n.id);

  return (
    <div data-testid="inspector" data-node-id={n.id}>
      <div className="flex items-center gap-2 border-b border-zinc-100 px-4 py-3">
        <span className={cn("grid size-7 place-items-center rounded-md ring-1 ring-inset", meta.accent)}>
          <meta.Icon className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-zinc-900">{n.name}</p>
          <p className="text-[11px] text-zinc-400">
            {meta.label} · <span className="font-mono">{n.id}</span>
          </p>
        </div>
        <div className="flex rounded-md border border-zinc-200 p-0.5 text-xs">
          {(["form", "json"] as const).map((t) => (
            <button key={t} type="button" className={cn("rounded px-2 py-0.5", tab === t ? "bg-zinc-900 text-white" : "text-zinc-600")} onClick={() => setTab(t)}>
              {t === "form" ? "Form" : "JSON"}
            </button>
          ))}
        </div>
      </div>
      {mine.length ? (
        <ul className="space-y-1 border-b border-zinc-100 bg-red-50/40 px-4 py-2">
          {mine.map((d, i) => (
            <li key={i} className={cn("text-xs", d.severity === "error" ? "text-red-700" : "text-amber-800")}>
              {d.message} <span className="text-zinc-500">{d.hint}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {tab === "json" ? (
        <RawNode key={n.id} node={n} disabled={disabled} set={set} />
      ) : (
        <>
          <Section title="Step">
            <TextField label="Name" inputRef={nameRef} value={n.name} error={issues.name} disabled={disabled} onChange={(name) => set({ ...n, name }, "name")} />
            <TextField label="Description" value={n.description ?? ""} disabled={disabled} onChange={(v) => set({ ...n, description: v || undefined }, "description")} />
          </Section>
          <Section title={meta.label}>
            <KindForm node={n} set={set} issues={issues} scope={scope} disabled={disabled} upstream={upstream} processes={processes} />
          </Section>
          {n.kind === "llm" || n.kind === "tool" || n.kind === "subprocess" || n.kind === "human" ? (
            <Section title="Policy">
              <PolicyForm node={n} set={set} disabled={disabled} />
            </Section>
          ) : null}
        </>
      )}
    </div>
  );
}

function RawNode({ node, disabled, set }: { node: Node; disabled: boolean; set: (n: Node, field: string) => void }) {
  const [text, setText] = useState(() => JSON.stringify(node, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2 p-4">
      <textarea
        aria-label="Node as JSON"
        className="block h-[28rem] w-full rounded-md border border-zinc-200 p-2 font-mono text-[11px] leading-4"
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed = NodeSchema.safeParse(JSON.parse(e.target.value));
            if (!parsed.success) return setError(parsed.error.issues.map((i) => `${i.path.join(".") || "(node)"}: ${i.message}`).join("; "));
            if (parsed.data.id !== node.id) return setError("Change the id by renaming the step, not in JSON.");
            setError(null);
            set(parsed.data, "json");
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error ? <p className="text-xs text-red-600">{error}</p> : <p className="text-xs text-zinc-500">Valid: changes apply as you type.</p>}
    </div>
  );
}
