"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type TextareaHTMLAttributes } from "react";
import type { EscalationView } from "@/server/escalations/escalations.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Label } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { EditDecisionForm } from "./edit-decision-form";
import { roleSuffices } from "./status";
import { DECISION_KEYS, decisionChip, ignoresShortcut } from "./triage";
import { useAutoAdvance } from "./auto-advance";
import { escalationsListInput } from "./search-params";
import { KeyboardHelp } from "./keyboard-help";

type Decision = EscalationView["allowedDecisions"][number];

const VARIANT: Record<string, "primary" | "secondary" | "danger"> = { approve: "primary", reject: "danger", edit: "secondary", custom: "secondary" };

function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea
      className={cn(
        "block w-full rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-zinc-400 focus:outline-none focus:ring-2 focus:ring-zinc-900/10 aria-invalid:border-red-400",
        className,
      )}
      {...props}
    />
  );
}

export function ResolveEscalationForm({ escalation, userRole }: { escalation: EscalationView; userRole: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [editing, setEditingState] = useState<Decision | null>(null);
  const [help, setHelp] = useState(false);
  const [autoAdvance, setAutoAdvance] = useAutoAdvance();
  const router = useRouter();
  const resolve = useMutation(
    trpc.escalations.resolve.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
        ]);
        if (!autoAdvance) return;
        // The next item is the list's next one: same order, same "mine" scope.
        const page = await queryClient.fetchQuery(trpc.escalations.inbox.queryOptions(escalationsListInput("open", "mine")));
        const next = page.items.find((i) => i.id !== escalation.id && i.canDecide && !i.heldByOther);
        if (next) router.push(`/inbox/${next.id}?after=${encodeURIComponent(escalation.id)}`);
      },
    }),
  );
  // Each new attempt starts clean: an earlier refusal must not sit beside a new one.
  const setEditing = (d: Decision | null) => {
    resolve.reset();
    setEditingState(d);
  };

  // Server-side validation: zod issues arrive as data.fieldErrors, contract issues as data.details.fieldErrors.
  const errorData = resolve.error?.data as { fieldErrors?: Record<string, string[] | undefined> | null; details?: { fieldErrors?: Record<string, string[]> } | null } | undefined;
  // Errors about the edited output are shown on its fields by the edit form; the rest are listed here.
  const fieldErrors = Object.entries({ ...(errorData?.fieldErrors ?? {}), ...(errorData?.details?.fieldErrors ?? {}) }).filter(
    (e): e is [string, string[]] => Array.isArray(e[1]) && e[1].length > 0 && !(editing && (e[0] === "output" || e[0].startsWith("output."))),
  );

  const submit = (decision: Decision, output?: unknown) => {
    resolve.reset();
    const trimmed = comment.trim();
    resolve.mutate({ id: escalation.id, decision: decision.id, ...(output !== undefined ? { output } : {}), ...(trimmed ? { comment: trimmed } : {}) });
  };

  if (resolve.isSuccess) {
    return (
      <Alert tone="info" title="Decision recorded">
        The run continues from here.{" "}
        <Link href={`/runs/${escalation.runId}`} className={cn(buttonClasses({ variant: "secondary", size: "sm" }), "ml-1")}>
          Open run
        </Link>
      </Alert>
    );
  }

  const canDecide = roleSuffices(userRole, escalation.role);
  return (
    <>
      <DecisionKeys
        enabled={!resolve.isPending && !resolve.isSuccess}
        canDecide={canDecide && !editing}
        decisions={escalation.allowedDecisions}
        onDecide={(d) => (d.type === "edit" ? setEditing(d) : submit(d))}
        onHelp={() => setHelp(true)}
      />
      <KeyboardHelp open={help} onClose={() => setHelp(false)} />
      {canDecide ? decideCard() : readOnlyCard()}
    </>
  );

  function readOnlyCard() {
    return (
      <Card title="Decide" description="Read-only for you.">
        <div className="space-y-3 p-5" data-testid="escalation-read-only">
          <Alert tone="warning" title="You cannot decide this one">
            It needs the {escalation.role} role (or higher); you are signed in as {userRole}. Ask someone with that role, or an admin.
          </Alert>
          {allowedChips()}
        </div>
      </Card>
    );
  }

  function allowedChips() {
    return (
      <p className="flex flex-wrap items-center gap-1 text-xs text-zinc-400" data-testid="escalation-allowed">
        Allowed:
        {escalation.allowedDecisions.map((d) => (
          <Badge key={d.id}>{decisionChip(d)}</Badge>
        ))}
      </p>
    );
  }

  function decideCard() {
    return (
    <Card title="Decide" description="Your decision is recorded with your name and resumes the run.">
      <div className="space-y-4 p-5">
        {resolve.error ? (
          <Alert title="The decision was not accepted">
            {resolve.error.message}
            {fieldErrors.length > 0 ? (
              <ul className="mt-1 list-disc pl-4 text-xs" data-testid="resolve-field-errors">
                {fieldErrors.map(([path, messages]) => (
                  <li key={path}>
                    <code className="font-mono">{path}</code>: {messages.join("; ")}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}

        {editing ? (
          <EditDecisionForm
            outputSchema={escalation.outputSchema}
            proposedOutput={escalation.proposedOutput}
            serverError={resolve.error}
            busy={resolve.isPending}
            submitLabel={editing.label ?? "Submit edit"}
            onSubmit={(output) => submit(editing, output)}
            onCancel={() => setEditing(null)}
            onInvalid={() => resolve.reset()}
          />
        ) : null}

        <div>
          <Label htmlFor="escalation-comment">
            Comment <span className="font-normal text-zinc-400">(optional)</span>
          </Label>
          <Textarea id="escalation-comment" rows={2} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why you decided this, for the run's history" />
        </div>

        {editing ? null : (
          <div role="group" aria-label="Decisions" className="flex flex-wrap items-center gap-2" data-testid="escalation-decisions">
            {escalation.allowedDecisions.map((d) => (
              <Button
                key={d.id}
                variant={VARIANT[d.type] ?? "secondary"}
                data-decision-id={d.id}
                data-decision-type={d.type}
                disabled={resolve.isPending}
                onClick={() => (d.type === "edit" ? setEditing(d) : submit(d))}
              >
                {d.label ?? d.id}
                {d.type === "edit" ? "…" : null}
              </Button>
            ))}
            {escalation.allowedDecisions.length === 0 ? <p className="text-sm text-zinc-500">This escalation lists no decisions.</p> : null}
          </div>
        )}
        <div className="flex flex-wrap items-center justify-between gap-2">
          {allowedChips()}
          <label className="flex items-center gap-1.5 text-xs text-zinc-500">
            <input type="checkbox" checked={autoAdvance} onChange={(e) => setAutoAdvance(e.target.checked)} data-testid="auto-advance" />
            Open the next item after deciding
          </label>
        </div>
        <p className="text-xs text-zinc-400">
          Keys: <kbd className="font-mono">a</kbd> approve · <kbd className="font-mono">r</kbd> reject · <kbd className="font-mono">e</kbd> edit · <kbd className="font-mono">c</kbd> claim ·{" "}
          <kbd className="font-mono">?</kbd> help
        </p>
      </div>
    </Card>
    );
  }
}

/** a / r / e decide with the first decision of that kind; ? opens the help. Ignored while typing. */
function DecisionKeys({ enabled, canDecide, decisions, onDecide, onHelp }: { enabled: boolean; canDecide: boolean; decisions: Decision[]; onDecide: (d: Decision) => void; onHelp: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (ignoresShortcut(e)) return;
      if (e.key === "?") {
        e.preventDefault();
        return onHelp();
      }
      const type = DECISION_KEYS[e.key];
      if (!type || !enabled || !canDecide) return;
      const decision = decisions.find((d) => d.type === type);
      if (!decision) return;
      e.preventDefault();
      onDecide(decision);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, canDecide, decisions, onDecide, onHelp]);
  return null;
}
