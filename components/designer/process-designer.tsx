"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { ProcessGraph, type NodeKind } from "@/core/graph";
import { connect, insertIntoEdge, KIND_META, NODE_KINDS, ProcessCanvas, ProcessCanvasProvider } from "@/components/graph";
import { useTRPC } from "@/components/trpc/client";
import type { ProcessDetail } from "@/server/processes/processes.schema";
import { cn } from "@/components/ui/cn";
import { Checklist } from "./checklist";
import { CommandPalette, type Command } from "./command-palette";
import { newNode } from "./default-nodes";
import { Inspector } from "./inspector";
import { loadDraft } from "./load-draft";
import { Palette } from "./palette";
import { PublishDialog } from "./publish-dialog";
import { ImportDialog } from "./import-dialog";
import { fieldLabelFor, focusLabelledControl } from "./diagnostic-field";
import { TestPanel, TestRunDialog } from "./test-run-panel";
import { useTestRun } from "./use-test-run";
import { shortcutFor } from "./shortcuts";
import { ShortcutsOverlay } from "./shortcuts-overlay";
import { Toolbar } from "./toolbar";
import { useAutosave } from "./use-autosave";
import { useDesigner } from "./use-designer";
import { useDesignerActions } from "./use-designer-actions";
import { useValidation } from "./use-validation";
import { useWorkspace } from "./use-workspace";
import { VersionHistory } from "./version-history";
import { Button } from "@/components/ui/button";

/** `/processes/{slug}/design`: the draft on the canvas, editable by operators and admins. */
export function ProcessDesigner({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const { data: process, refetch } = useSuspenseQuery(trpc.processes.get.queryOptions({ slug }));
  // A reload (after a save conflict) remounts the designer on the fresh draft; background
  // refetches do not, so they never throw away the undo history.
  const [epoch, setEpoch] = useState(0);
  return (
    <ProcessCanvasProvider>
      <DesignerBody
        key={epoch}
        process={process}
        canEdit={canEdit}
        onReload={async () => {
          await refetch();
          setEpoch((e) => e + 1);
        }}
      />
    </ProcessCanvasProvider>
  );
}

type Dialogs = null | "publish" | "help" | "palette" | "history" | "test" | "import";

function DesignerBody({ process, canEdit, onReload }: { process: ProcessDetail; canEdit: boolean; onReload: () => void }) {
  const { ctx, models } = useWorkspace();
  const [loaded] = useState(() => loadDraft(process.draft, process));
  const [revision] = useState(process.draftRevision);
  const d = useDesigner(loaded.graph);
  const actions = useDesignerActions(d, canEdit);
  const save = useAutosave(process.slug, d.graph, revision, canEdit);
  // Validation never blocks typing: a deferred copy for small graphs, a worker for large ones.
  const diagnostics = useValidation(d.graph, ctx);
  const errors = diagnostics.filter((x) => x.severity === "error").length;
  const overkill = diagnostics.find((x) => x.code === "process-single-step");
  const [panel, setPanel] = useState<"inspect" | "checks" | "test">(errors ? "checks" : "inspect");
  const test = useTestRun(process.slug);
  const triggerSchema = d.graph.nodes.find((n) => n.kind === "trigger")?.inputSchema;
  const openTest = () => {
    if (errors) return say(`Fix the ${errors} error(s) in Checks before a test run.`);
    if (save.state.status !== "saved") return say("Saving the draft first; try again in a moment.");
    setPanel("test");
    setDialog("test");
  };
  const [dialog, setDialog] = useState<Dialogs>(null);
  // What the node picker adds to: a connection dragged into empty space, or an edge's `+`.
  const [pending, setPending] = useState<{ from: { nodeId: string; handleId: string | null }; position: { x: number; y: number } } | { edgeId: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const published = useMemo(() => {
    const p = ProcessGraph.safeParse(process.latest?.graph);
    return p.success ? p.data : null;
  }, [process.latest]);

  const say = (text: string) => {
    setNotice(text);
    setTimeout(() => setNotice((n) => (n === text ? null : n)), 4000);
  };

  const addAfterConnect = (kind: NodeKind) => {
    // A step just added is shown in the inspector, ready to fill in.
    setPanel("inspect");
    if (!pending) return actions.addNode(kind);
    if ("edgeId" in pending) {
      setPending(null);
      const result = insertIntoEdge(d.graph, pending.edgeId, newNode(kind, d.graph, { x: 0, y: 0 }));
      if ("refused" in result) return say(result.refused);
      d.change(result.graph, { label: `Insert ${kind}` });
      d.setSelection(new Set([result.graph.nodes[result.graph.nodes.length - 1]!.id]));
      return;
    }
    const node = newNode(kind, d.graph, { x: pending.position.x, y: pending.position.y - 40 });
    const withNode = { ...d.graph, nodes: [...d.graph.nodes, node] };
    const result = connect(withNode, { source: pending.from.nodeId, sourceHandle: pending.from.handleId, target: node.id, targetHandle: "in" });
    d.change("graph" in result ? result.graph : withNode, { label: `Add ${kind}` });
    d.setSelection(new Set([node.id]));
    setPending(null);
  };

  const commands: Command[] = [
    ...NODE_KINDS.filter((k) => canEdit && k !== "trigger" && !(k === "end" && pending && "edgeId" in pending)).map((k) => ({ id: `add-${k}`, label: `Add ${KIND_META[k].label}`, hint: KIND_META[k].purpose, run: () => addAfterConnect(k) })),
    ...(pending
      ? []
      : [
          ...(canEdit
            ? [
                { id: "undo", label: "Undo", hint: "Mod+Z", run: d.undo },
                { id: "redo", label: "Redo", hint: "Shift+Mod+Z", run: d.redo },
                { id: "add-note", label: "Add sticky note", hint: "A note on the canvas, not a step", run: () => actions.addNote() },
                { id: "tidy", label: "Tidy up", hint: "Layout left to right", run: () => void actions.tidy() },
                { id: "publish", label: "Publish…", hint: errors ? `${errors} errors` : "Review and publish", run: () => !errors && setDialog("publish") },
              ]
            : []),
          { id: "fit", label: "Fit view", run: actions.fitView },
          { id: "select-all", label: "Select all", hint: "Mod+A", run: actions.selectAll },
          { id: "export", label: "Export JSON", run: () => actions.exportJson(d.graph) },
          { id: "checks", label: "Show checks", hint: `${diagnostics.length} diagnostics`, run: () => setPanel("checks") },
          { id: "help", label: "Keyboard shortcuts", hint: "?", run: () => setDialog("help") },
          { id: "history", label: "Version history", hint: "View or restore a published version", run: () => setDialog("history") },
        ]),
  ];

  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    const inText = Boolean(target?.closest("input, textarea, select, [contenteditable=true]"));
    const action = shortcutFor(e, inText);
    if (!action || (dialog && action !== "escape")) return;
    if (action === "escape") {
      if (dialog) setDialog(null);
      else if (!inText) d.setSelection(new Set());
      setPending(null);
      return;
    }
    e.preventDefault();
    if (typeof action === "object") return actions.nudge(...action.nudge);
    if (!canEdit && ["undo", "redo", "cut", "paste", "duplicate", "delete", "rename"].includes(action)) return;
    const run: Record<string, () => void> = {
      undo: d.undo,
      redo: d.redo,
      copy: () => actions.copy() && say("Copied. Paste with Mod+V, here or in another process."),
      cut: () => actions.copy() && actions.remove(),
      // The designer's selection is the one source of truth for what Delete removes (steps, edges, notes).
      delete: actions.remove,
      paste: actions.paste,
      duplicate: actions.duplicate,
      selectAll: actions.selectAll,
      rename: () => {
        setPanel("inspect");
        requestAnimationFrame(() => nameRef.current?.select());
      },
      palette: () => setDialog("palette"),
      help: () => setDialog("help"),
      save: () => say(save.state.status === "saved" ? "Already saved." : "Saving…"),
    };
    run[action]?.();
  };
  useEffect(() => {
    const handler = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, []);

  return (
    <div className="fixed inset-y-0 top-14 right-0 left-56 flex flex-col bg-white" data-testid="designer">
      <Toolbar
        slug={process.slug}
        name={d.graph.name}
        editable={canEdit}
        save={save.state}
        errors={errors}
        canUndo={d.canUndo}
        canRedo={d.canRedo}
        onUndo={d.undo}
        onRedo={d.redo}
        onTidy={() => void actions.tidy()}
        onExport={() => actions.exportJson(d.graph)}
        onHelp={() => setDialog("help")}
        onPublish={() => setDialog("publish")}
        onReload={onReload}
        extra={
          <>
            <Button size="sm" variant="ghost" onClick={() => setDialog("history")} title="Published versions: view read-only, restore into the draft">
              History
            </Button>
            {canEdit ? (
              <Button size="sm" variant="ghost" onClick={() => setDialog("import")} title="Replace the draft with a graph from a JSON file (checked first; undoable)">
                Import
              </Button>
            ) : null}
            {canEdit ? (
              <Button size="sm" variant="secondary" onClick={openTest} title="Run the current draft on the simulator without publishing it">
                Test run
              </Button>
            ) : null}
          </>
        }
      />
      <div className="flex min-h-0 flex-1">
        {canEdit ? <Palette onAdd={addAfterConnect} onAddNote={() => actions.addNote()} /> : null}
        <div className="relative min-w-0 flex-1">
          {overkill ? (
            <div role="status" title={`${overkill.message} ${overkill.hint}`} className="absolute top-3 left-1/2 z-10 max-w-md -translate-x-1/2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 shadow-sm" data-testid="overkill-warning">
              <strong className="font-semibold">An orchestrator is overkill here:</strong> one step, no routing, loops or review. A direct call is simpler and cheaper.
            </div>
          ) : null}
          {loaded.dropped ? (
            <div role="alert" className="absolute top-3 left-3 z-10 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">
              {loaded.dropped} item(s) of the stored draft do not parse and are not shown; saving will drop them.
            </div>
          ) : null}
          <ProcessCanvas
            graph={d.graph}
            mode={canEdit ? "edit" : "view"}
            diagnostics={diagnostics}
            models={models}
            overlay={test.overlay}
            selection={d.selection}
            onSelectionChange={d.setSelection}
            onGraphChange={d.change}
            onDropKind={(kind, position) => {
              setPanel("inspect");
              actions.addNode(kind, position);
            }}
            onDropNote={(position) => actions.addNote(position)}
            onConnectToEmpty={(from, position) => {
              setPending({ from, position });
              setDialog("palette");
            }}
            onRefused={say}
            ownsDeleteKey
            onInsertIntoEdge={(edgeId) => {
              setPending({ edgeId });
              setDialog("palette");
            }}
          />
          {notice ? (
            <div role="status" className="absolute bottom-4 left-1/2 z-10 -translate-x-1/2 rounded-md bg-zinc-900 px-3 py-2 text-xs text-white shadow-lg" data-testid="designer-notice">
              {notice}
            </div>
          ) : null}
        </div>
        <aside className="flex w-80 shrink-0 flex-col border-l border-zinc-200 bg-white">
          <div className="flex border-b border-zinc-200 text-sm" role="tablist">
            {(["inspect", "checks", "test"] as const).map((t) => (
              <button
                key={t}
                role="tab"
                aria-selected={panel === t}
                type="button"
                className={cn("flex-1 border-b-2 px-3 py-2.5 font-medium", panel === t ? "border-zinc-900 text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800")}
                onClick={() => setPanel(t)}
              >
                {t === "inspect" ? "Inspector" : t === "test" ? "Test" : (
                  <>
                    Checks{" "}
                    <span className={cn("ml-1 rounded px-1.5 text-xs", errors ? "bg-red-100 text-red-700" : diagnostics.length ? "bg-amber-100 text-amber-800" : "bg-emerald-100 text-emerald-700")} data-testid="checks-count">
                      {errors || diagnostics.length}
                    </span>
                  </>
                )}
              </button>
            ))}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">
            {panel === "test" ? (
              <TestPanel graph={d.graph} selected={d.selection} test={test} canEdit={canEdit} onStart={openTest} />
            ) : panel === "inspect" ? (
              <Inspector graph={d.graph} selected={d.selection} diagnostics={diagnostics} disabled={!canEdit} processes={ctx.processes ?? []} onNode={actions.updateNode} onEdge={actions.updateEdge} onSettings={actions.updateSettings} nameRef={nameRef} />
            ) : (
              <Checklist
                diagnostics={diagnostics}
                onPick={(x) => {
                  actions.focus(x);
                  if (!x.nodeId && !x.edgeId) return;
                  setPanel("inspect");
                  // Then the field the check is about, once the inspector shows that node.
                  const label = fieldLabelFor(x);
                  if (label) setTimeout(() => {
                    const root = document.querySelector('[data-testid="inspector"]');
                    if (root) focusLabelledControl(root, label);
                  }, 50);
                }}
              />
            )}
          </div>
        </aside>
      </div>
      {dialog === "palette" ? (
        <CommandPalette
          commands={commands}
          onClose={() => {
            setDialog(null);
            setPending(null);
          }}
        />
      ) : null}
      {dialog === "history" ? (
        <VersionHistory
          process={process}
          draft={d.graph}
          canEdit={canEdit}
          onClose={() => setDialog(null)}
          onRestore={(g) => {
            d.change(g, { label: "Restore version" });
            setDialog(null);
            say("Restored into the draft. Undo to go back; publish to make it a new version.");
          }}
        />
      ) : null}
      {dialog === "import" ? (
        <ImportDialog
          slug={process.slug}
          ctx={ctx}
          onClose={() => setDialog(null)}
          onReplace={(g) => {
            d.change(g, { label: "Import" });
            setDialog(null);
            say("Imported into the draft. Undo to go back.");
          }}
        />
      ) : null}
      {dialog === "test" && triggerSchema ? <TestRunDialog schema={triggerSchema} test={test} onClose={() => setDialog(null)} /> : null}
      {dialog === "help" ? <ShortcutsOverlay onClose={() => setDialog(null)} /> : null}
      <PublishDialog open={dialog === "publish"} onClose={() => setDialog(null)} slug={process.slug} published={published} publishedVersion={process.latest?.version ?? null} draft={d.graph} />
    </div>
  );
}
