"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type TextareaHTMLAttributes } from "react";
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
  const [editing, setEditing] = useState<Decision | null>(null);
  const resolve = useMutation(
    trpc.escalations.resolve.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.escalations.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
        ]);
      },
    }),
  );

  // Server-side validation: zod issues arrive as data.fieldErrors, contract issues as data.details.fieldErrors.
  const errorData = resolve.error?.data as { fieldErrors?: Record<string, string[] | undefined> | null; details?: { fieldErrors?: Record<string, string[]> } | null } | undefined;
  // Errors about the edited output are shown on its fields by the edit form; the rest are listed here.
  const fieldErrors = Object.entries({ ...(errorData?.fieldErrors ?? {}), ...(errorData?.details?.fieldErrors ?? {}) }).filter(
    (e): e is [string, string[]] => Array.isArray(e[1]) && e[1].length > 0 && !(editing && (e[0] === "output" || e[0].startsWith("output."))),
  );

  const submit = (decision: Decision, output?: unknown) => {
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
    <Card title="Decide" description="Your decision is recorded with your name and resumes the run.">
      <div className="space-y-4 p-5">
        {!canDecide ? (
          <Alert tone="warning">
            This needs the {escalation.role} role; you are signed in as {userRole}. Baton will refuse the decision — ask someone with the role.
          </Alert>
        ) : null}
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
        <p className="text-xs text-zinc-400">
          Allowed:{" "}
          {escalation.allowedDecisions.map((d) => (
            <span key={d.id} className="mr-1">
              <Badge>
                {d.id} · {d.type}
              </Badge>
            </span>
          ))}
        </p>
      </div>
    </Card>
  );
}
