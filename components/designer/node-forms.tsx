"use client";

import type { DecisionType, ModelChoice, Node, NodeOf } from "@/core/graph";
import { MappingField, NumberField, SelectField, TemplateField, TextField } from "./inspector-fields";
import type { ScopeEntry } from "./reference-scope";
import { routerSources } from "./reference-scope";
import { SchemaEditor } from "./schema-editor";
import { SubprocessForm } from "./subprocess-form";

/**
 * One form per node kind. Each edits a copy of the node and hands the whole node back with the
 * name of the field that changed (the burst key for undo); zod issues arrive keyed by path.
 */
export interface FormProps<K extends Node["kind"]> {
  node: NodeOf<K>;
  set: (next: NodeOf<K>, field: string) => void;
  issues: Record<string, string>;
  scope: readonly ScopeEntry[];
  disabled: boolean;
  upstream: ReadonlyArray<{ id: string; name: string }>;
  processes: readonly string[];
}

const opt = <T extends string>(values: readonly T[]) => values.map((value) => ({ value, label: value }));

function LlmForm({ node, set, issues, scope, disabled }: FormProps<"llm">) {
  const choice = node.model;
  const pinned = "model" in choice ? choice.model : null;
  return (
    <>
      <SelectField label="Task" value={node.task} options={opt(["classify", "extract", "generate", "plan"] as const)} disabled={disabled} onChange={(task) => set({ ...node, task }, "task")} />
      <div className="grid grid-cols-2 gap-2">
        <SelectField
          label="Model"
          value={"tier" in choice ? choice.tier : "pinned"}
          options={[...opt(["light", "mid", "strong"] as const).map((o) => ({ ...o, label: `tier ${o.label}` })), { value: "pinned" as const, label: "pinned model" }]}
          disabled={disabled}
          onChange={(v) => set({ ...node, model: v === "pinned" ? { model: "openai/gpt-4.1-mini" } : { tier: v } }, "model")}
        />
        {pinned !== null ? <TextField label="Model name" mono value={pinned} error={issues["model.model"] ?? issues.model} disabled={disabled} onChange={(model) => set({ ...node, model: { model } }, "model")} /> : null}
      </div>
      <TemplateField label="System" rows={2} value={node.system ?? ""} scope={scope} disabled={disabled} onChange={(v) => set({ ...node, system: v || undefined }, "system")} />
      <TemplateField label="Prompt" rows={5} value={node.prompt} scope={scope} error={issues.prompt} disabled={disabled} onChange={(prompt) => set({ ...node, prompt }, "prompt")} />
      <div className="grid grid-cols-2 gap-2">
        <NumberField label="Temperature" step={0.1} value={node.temperature} error={issues.temperature} disabled={disabled} onChange={(temperature) => set({ ...node, temperature }, "temperature")} />
        <NumberField label="Max tokens" value={node.maxTokens} error={issues.maxTokens} disabled={disabled} onChange={(maxTokens) => set({ ...node, maxTokens }, "maxTokens")} />
      </div>
      <TextField
        label="Fallbacks"
        hint="Tiers or provider/model names, in order, comma-separated."
        mono
        value={(node.fallbacks ?? []).map((f) => ("tier" in f ? f.tier : f.model)).join(", ")}
        error={Object.entries(issues).find(([k]) => k.startsWith("fallbacks"))?.[1]}
        disabled={disabled}
        onChange={(v) => {
          const list = v.split(",").map((s) => s.trim()).filter(Boolean);
          const fallbacks = list.map((s): ModelChoice => (s === "light" || s === "mid" || s === "strong" ? { tier: s } : { model: s }));
          set({ ...node, fallbacks: fallbacks.length ? fallbacks : undefined }, "fallbacks");
        }}
      />
      <SchemaEditor label="Output schema" schema={node.outputSchema} disabled={disabled} onChange={(outputSchema) => set({ ...node, outputSchema }, "outputSchema")} />
    </>
  );
}

function ToolForm({ node, set, issues, scope, disabled }: FormProps<"tool">) {
  const c = node.contract;
  const setC = (patch: Partial<typeof c>, field: string) => set({ ...node, contract: { ...c, ...patch } }, field);
  return (
    <>
      <div className="grid grid-cols-[6rem_1fr] gap-2">
        <SelectField label="Method" value={c.method} options={opt(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)} disabled={disabled} onChange={(method) => setC({ method }, "method")} />
        <TextField label="Contract name" value={c.name ?? ""} disabled={disabled} onChange={(name) => setC({ name: name || undefined }, "contract.name")} />
      </div>
      <TemplateField label="URL" value={c.url} scope={scope} error={issues["contract.url"]} disabled={disabled} onChange={(url) => setC({ url }, "url")} />
      <MappingField label="Headers" keyPlaceholder="Header" allowSecrets value={c.headers ?? {}} scope={scope} disabled={disabled} onChange={(headers) => setC({ headers: Object.keys(headers).length ? headers : undefined }, "headers")} />
      <MappingField label="Input mapping" value={node.input} scope={scope} disabled={disabled} onChange={(input) => set({ ...node, input }, "input")} />
      <SchemaEditor label="Input schema" schema={c.inputSchema} disabled={disabled} onChange={(inputSchema) => setC({ inputSchema }, "inputSchema")} />
      <SchemaEditor label="Output schema" schema={c.outputSchema} disabled={disabled} onChange={(outputSchema) => setC({ outputSchema }, "outputSchema")} />
    </>
  );
}

function RouterForm({ node, set, issues, scope, disabled }: FormProps<"router">) {
  const sources = routerSources(scope);
  const known = sources.some((s) => s.ref === node.source);
  return (
    <SelectField
      label="Branch on"
      hint="Enum, boolean and numeric fields of steps that ran before. Set each branch's condition on its edge."
      error={issues.source ?? (known ? undefined : `"${node.source}" is not an enum, boolean or numeric field in scope.`)}
      value={known ? node.source : ""}
      options={sources.map((s) => ({ value: s.ref, label: `${s.ref} · ${s.type}` }))}
      disabled={disabled}
      onChange={(source) => set({ ...node, source }, "source")}
    />
  );
}

function HumanForm({ node, set, issues, disabled, upstream }: FormProps<"human">) {
  return (
    <>
      <SelectField label="Reviews the output of" value={node.subject ?? ""} options={upstream.map((u) => ({ value: u.id, label: `${u.name} (${u.id})` }))} disabled={disabled} onChange={(subject) => set({ ...node, subject }, "subject")} />
      <TextField label="Instructions" value={node.instructions ?? ""} disabled={disabled} onChange={(v) => set({ ...node, instructions: v || undefined }, "instructions")} />
      <div className="grid grid-cols-2 gap-2">
        <SelectField label="Role" value={node.role} options={opt(["reviewer", "operator", "admin"] as const)} disabled={disabled} onChange={(role) => set({ ...node, role }, "role")} />
        <TextField label="SLA (timeout)" placeholder="e.g. 4h" mono value={node.timeout ?? ""} error={issues.timeout} disabled={disabled} onChange={(v) => set({ ...node, timeout: v || undefined }, "timeout")} />
      </div>
      {/* Optional SLA escalation: before the timeout, hand the escalation to another role. */}
      <div className="grid grid-cols-2 gap-2">
        <SelectField
          label="Escalate to"
          value={node.escalateTo?.role ?? "none"}
          options={[{ value: "none", label: "Nobody" }, ...opt(["operator", "admin", "reviewer"] as const)]}
          disabled={disabled}
          onChange={(role) => set({ ...node, escalateTo: role === "none" ? undefined : { role, after: node.escalateTo?.after ?? "" } }, "escalateTo")}
        />
        {node.escalateTo ? (
          <TextField
            label="after"
            placeholder="e.g. 2h"
            mono
            value={node.escalateTo.after}
            error={issues["escalateTo.after"] ?? issues.escalateTo}
            disabled={disabled}
            onChange={(after) => set({ ...node, escalateTo: { ...node.escalateTo!, after } }, "escalateTo")}
          />
        ) : null}
      </div>
      <div className="space-y-1.5">
        <span className="text-xs font-medium text-zinc-600">Decisions (one outlet each)</span>
        {node.decisions.map((d, i) => (
          <div key={i} className="grid grid-cols-[1fr_6rem_auto] gap-1.5">
            <TextField label={`Decision ${i + 1} id`} mono value={d.id} error={issues[`decisions.${i}.id`]} disabled={disabled} onChange={(id) => set({ ...node, decisions: node.decisions.map((x, j) => (j === i ? { ...x, id } : x)) }, "decisions")} />
            <SelectField label="Type" value={d.type} options={opt(["approve", "edit", "reject", "custom"] as const)} disabled={disabled} onChange={(type: DecisionType) => set({ ...node, decisions: node.decisions.map((x, j) => (j === i ? { ...x, type } : x)) }, "decisions")} />
            {!disabled && node.decisions.length > 1 ? (
              <button type="button" aria-label={`Remove decision ${d.id}`} className="mt-5 px-1 text-zinc-400 hover:text-red-600" onClick={() => set({ ...node, decisions: node.decisions.filter((_, j) => j !== i) }, "decisions")}>
                ×
              </button>
            ) : null}
          </div>
        ))}
        {!disabled ? (
          <button type="button" className="text-xs font-medium text-sky-700 hover:underline" onClick={() => set({ ...node, decisions: [...node.decisions, { id: `option${node.decisions.length + 1}`, type: "custom" }] }, "decisions")}>
            + Decision
          </button>
        ) : null}
      </div>
    </>
  );
}

function LoopForm({ node, set, issues, disabled }: FormProps<"loop">) {
  return (
    <>
      <NumberField label="Max iterations" value={node.maxIterations} error={issues.maxIterations} disabled={disabled} onChange={(maxIterations) => set({ ...node, maxIterations }, "maxIterations")} />
      <TextField label="Exit when" mono hint='A condition over step outputs, e.g. steps.check.output.ok == true' value={node.exitWhen ?? ""} disabled={disabled} onChange={(v) => set({ ...node, exitWhen: v || undefined }, "exitWhen")} />
      <SelectField label="When the cap is reached" value={node.onExhausted ?? "exit"} options={[{ value: "exit", label: "take the exit edge" }, { value: "fail", label: "fail the run" }]} disabled={disabled} onChange={(onExhausted) => set({ ...node, onExhausted }, "onExhausted")} />
    </>
  );
}

export function KindForm(props: FormProps<Node["kind"]>) {
  const { node, set, issues, scope, disabled } = props;
  switch (node.kind) {
    case "trigger":
      return <SchemaEditor label="Input schema" schema={node.inputSchema} disabled={disabled} onChange={(inputSchema) => set({ ...node, inputSchema }, "inputSchema")} />;
    case "llm":
      return <LlmForm {...(props as FormProps<"llm">)} />;
    case "tool":
      return <ToolForm {...(props as FormProps<"tool">)} />;
    case "router":
      return <RouterForm {...(props as FormProps<"router">)} />;
    case "human":
      return <HumanForm {...(props as FormProps<"human">)} />;
    case "loop":
      return <LoopForm {...(props as FormProps<"loop">)} />;
    case "subprocess":
      return <SubprocessForm {...(props as FormProps<"subprocess">)} />;
    case "join":
      return <SelectField label="Continue when" value={node.mode} options={[{ value: "all", label: "all branches finished" }, { value: "any", label: "the first branch finished" }]} disabled={disabled} onChange={(mode) => set({ ...node, mode }, "mode")} />;
    case "delay":
      return <TextField label="Wait for" mono placeholder="e.g. 30m" value={node.duration} error={issues.duration} disabled={disabled} onChange={(duration) => set({ ...node, duration }, "duration")} />;
    case "end":
      return <MappingField label="Run output" value={node.output ?? {}} scope={scope} disabled={disabled} onChange={(output) => set({ ...node, output }, "output")} />;
    case "parallel":
      return <p className="text-xs text-zinc-500">Every outgoing edge starts a branch; meet them again with a join.</p>;
  }
}
