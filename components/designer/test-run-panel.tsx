"use client";

import { useRef } from "react";
import type { DataSchema } from "@/core/contracts";
import type { ProcessGraph } from "@/core/graph";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { SchemaForm } from "@/components/schema-form/schema-form";
import { focusFirstInvalid, useFocusFirstControl } from "@/components/schema-form/focus";
import { useSchemaForm } from "@/components/schema-form/use-schema-form";
import { TEST_RUN_DONE } from "./test-run-overlay";
import type { TestRun } from "./use-test-run";

/** The trigger's input form for a test run, prefilled from the last test input of this process. */
export function TestRunDialog({ schema, test, onClose }: { schema: DataSchema; test: TestRun; onClose: () => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstControl(formRef);
  const form = useSchemaForm(schema, test.lastInput ?? undefined, test.start.error, "input");
  const generalError = test.start.error && form.issues.length === 0 ? test.start.error.message : null;
  return (
    <Dialog open onClose={onClose} size="lg" title="Test run" description="Runs the current draft on the simulator, without publishing it. Test runs are kept out of analytics and of the runs list.">
      <form
        ref={formRef}
        noValidate
        className="space-y-5"
        aria-label="Test input"
        onSubmit={(e) => {
          e.preventDefault();
          const checked = form.submit();
          if (!checked) return focusFirstInvalid(formRef.current);
          test.start.mutate({ slug: test.slug, input: checked.value }, { onSuccess: onClose });
        }}
      >
        {generalError ? <Alert title="The test run did not start">{generalError}</Alert> : null}
        <SchemaForm schema={schema} value={form.value} onChange={form.setValue} issues={form.issues} idPrefix="test-input" disabled={test.start.isPending} />
        <div className="flex justify-end">
          <DialogActions onCancel={onClose} busy={test.start.isPending} busyLabel="Starting…" label="Start test run" />
        </div>
      </form>
    </Dialog>
  );
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** The side panel's "Test" tab: the run's status, the selected node's output, Pin / Unpin. */
export function TestPanel({ graph, selected, test, canEdit, onStart }: { graph: ProcessGraph; selected: ReadonlySet<string>; test: TestRun; canEdit: boolean; onStart: () => void }) {
  const nodeId = selected.size === 1 ? [...selected][0]! : null;
  const node = nodeId ? graph.nodes.find((n) => n.id === nodeId) : undefined;
  const state = nodeId ? test.nodes.get(nodeId) : undefined;
  const pinnable = node?.kind === "llm" || node?.kind === "tool";
  const pinned = nodeId ? Object.hasOwn(test.pins, nodeId) : false;
  const run = test.run;
  return (
    <div className="space-y-4 p-4 text-sm" data-testid="test-panel">
      <div className="flex items-center justify-between gap-2">
        <div>
          <div className="font-medium text-zinc-900">Test run</div>
          <div className="text-xs text-zinc-500" data-testid="test-run-status" data-status={run?.status ?? "none"}>
            {run ? `${run.status}${TEST_RUN_DONE.includes(run.status) ? "" : "…"} · $${run.totals.costUsd.toFixed(4)}` : "Not run yet"}
          </div>
        </div>
        {canEdit ? (
          <Button size="sm" onClick={onStart}>
            {run ? "Run again" : "Test run"}
          </Button>
        ) : null}
      </div>
      {run?.status === "failed" && run.error ? <Alert title="The test run failed">{String((run.error as { message?: unknown }).message ?? pretty(run.error))}</Alert> : null}
      {run && TEST_RUN_DONE.includes(run.status) && run.output ? (
        <details open className="rounded-md border border-zinc-200 px-3 py-2">
          <summary className="cursor-pointer text-xs font-medium text-zinc-600">Run output</summary>
          <pre className="mt-2 max-h-48 overflow-auto text-[11px]" data-testid="test-run-output">{pretty(run.output)}</pre>
        </details>
      ) : null}
      {node ? (
        <div className="space-y-2 border-t border-zinc-100 pt-3">
          <div className="flex items-center justify-between">
            <span className="font-medium text-zinc-800">{node.name}</span>
            {pinned ? <span className="rounded bg-violet-100 px-1.5 text-xs text-violet-800" data-testid="pinned-badge">pinned</span> : null}
          </div>
          {state ? (
            <pre className={cn("max-h-64 overflow-auto rounded-md bg-zinc-50 p-2 text-[11px]", state.pinned && "ring-1 ring-violet-300")} data-testid="test-node-output">
              {pretty(state.output)}
            </pre>
          ) : (
            <p className="text-xs text-zinc-500">{run ? "This step has not run in this test run." : "Start a test run to see this step's output."}</p>
          )}
          {canEdit && pinnable ? (
            pinned ? (
              <Button size="sm" variant="secondary" disabled={test.pinning} onClick={() => test.unpin(node.id)}>
                Unpin
              </Button>
            ) : state && state.overlay.status === "completed" ? (
              <Button size="sm" variant="secondary" disabled={test.pinning} onClick={() => test.pinOutput(node.id, state.output)} title="Reuse this output on the next test runs without calling the step again">
                Pin output
              </Button>
            ) : null
          ) : null}
          {pinned && !state ? <pre className="max-h-40 overflow-auto rounded-md bg-violet-50 p-2 text-[11px]">{pretty(test.pins[node.id])}</pre> : null}
        </div>
      ) : (
        <p className="text-xs text-zinc-500">Select a step to see its output{canEdit ? " and pin it" : ""}.</p>
      )}
    </div>
  );
}
