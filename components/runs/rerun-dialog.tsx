"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import type { Edge, Node } from "@/core/graph";
import { previewRerun, rerunStartNodes, type RunGraphState } from "@/core/run-graph";
import type { RunView } from "@/server/runs/runs.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Select } from "@/components/ui/field";
import { SchemaForm } from "@/components/schema-form/schema-form";
import { useSchemaForm } from "@/components/schema-form/use-schema-form";
import { ANY_OBJECT, inputSchemaOf } from "./input-schema";
import { JsonBlock } from "./json-block";
import { RerunReusedList } from "./rerun-reused-list";
import { RunGraph } from "./run-graph";
import { focusFirstInvalid, useFocusFirstControl } from "@/components/schema-form/focus";

export interface RerunGraph {
  graph: { nodes: Node[]; edges: Edge[] };
  state: RunGraphState;
  /** The plan's step ids in execution order (runs.graph `stepOrder`). */
  stepOrder: readonly string[];
}

/**
 * Rerun from a step with an edited run input. Shows the state the rerun starts from: on the
 * graph, the steps whose results it reuses (blue, "reused") and the one it starts at; below, each
 * reused step's output. Click another step on that graph to start there instead. The form is the
 * trigger contract of the version the run is pinned to, prefilled with the run's input, marking
 * what was changed and validated as the API validates it.
 */
export function RerunDialog({ run, view, initialNodeId, onClose }: { run: RunView; view: RerunGraph; initialNodeId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstControl(formRef);
  const nodes = useMemo(() => {
    const starts = rerunStartNodes(view.graph, view.stepOrder);
    return starts.length ? starts : [...new Set(run.steps.map((s) => s.nodeId))];
  }, [view, run.steps]);
  const [fromNodeId, setFromNodeId] = useState(nodes.includes(initialNodeId) ? initialNodeId : (nodes[0] ?? initialNodeId));
  const preview = useMemo(() => previewRerun(view.graph, view.state, view.stepOrder, fromNodeId), [view, fromNodeId]);
  const rerun = useMutation(trpc.runs.rerun.mutationOptions({ onSuccess: (r) => router.push(`/runs/${r.runId}`) }));
  const schema = inputSchemaOf({ inputSchema: run.inputSchema }) ?? ANY_OBJECT;
  const form = useSchemaForm(schema, run.input, rerun.error, "input");
  const generalError = rerun.error && form.issues.length === 0 ? rerun.error.message : null;
  // The step's own recorded input (last attempt), to see what it worked from last time.
  const stepInput = run.steps.filter((s) => s.nodeId === fromNodeId && !s.reused).at(-1)?.input ?? run.steps.filter((s) => s.nodeId === fromNodeId).at(-1)?.input;
  const nameOf = (id: string) => view.graph.nodes.find((n) => n.id === id)?.name ?? id;

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title="Rerun with edited input"
      description={`A new run of ${run.process} v${run.version}. Steps before the chosen one reuse this run's results; from it on, steps run with the input below.`}
    >
      <form
        ref={formRef}
        noValidate
        className="space-y-5"
        aria-label="Rerun input"
        onSubmit={(e) => {
          e.preventDefault();
          const checked = form.submit();
          if (!checked) return focusFirstInvalid(formRef.current);
          rerun.mutate({ runId: run.id, fromNodeId, input: checked.value });
        }}
      >
        {generalError ? <Alert title="The rerun did not start">{generalError}</Alert> : null}
        <Field label="Start from step" htmlFor="rerun-dialog-from" hint="Earlier steps are reused from this run, not executed or billed again. Or click a step on the graph.">
          <Select id="rerun-dialog-from" className="font-mono" value={fromNodeId} onChange={(e) => setFromNodeId(e.target.value)} disabled={rerun.isPending}>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
        {view.graph.nodes.length ? (
          <div className="overflow-hidden rounded-md border border-zinc-200" data-testid="rerun-preview" data-from-node-id={fromNodeId}>
            <RunGraph
              graph={view.graph}
              state={preview.state}
              selectedNodeId={fromNodeId}
              onSelectNode={(id) => {
                if (id && nodes.includes(id)) setFromNodeId(id);
              }}
              className="h-64"
            />
          </div>
        ) : null}
        <RerunReusedList run={run} reused={preview.reused} nameOf={nameOf} fromName={nameOf(fromNodeId)} />
        {stepInput !== undefined && stepInput !== null ? <JsonBlock label={`What ${fromNodeId} received last time`} value={stepInput} testId="rerun-step-input" /> : null}
        <SchemaForm schema={schema} value={form.value} onChange={form.setValue} issues={form.issues} original={run.input} idPrefix="rerun-input" disabled={rerun.isPending} />
        <DialogActions className="sticky -bottom-5 -mx-5 -mb-5 rounded-b-xl border-t border-zinc-100 bg-white px-5 py-3" onCancel={onClose} busy={rerun.isPending} busyLabel="Starting…" label="Rerun" />
      </form>
    </Dialog>
  );
}
