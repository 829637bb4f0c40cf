"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Input, Select } from "@/components/ui/field";
import type { NotificationEvent, WebhookSummary } from "@/server/notifications/notifications.schema";
import { CopyButton } from "./copy-button";
import { fieldErrorsOf } from "./field-errors";
import { ROLE_OPTIONS } from "./roles";

/** The server's list (notifications.schema.ts), typed against it so a new event fails to compile here. */
const NOTIFICATION_EVENTS = ["escalation.opened", "escalation.near_sla", "escalation.breached"] as const satisfies readonly NotificationEvent[];

const EVENT_TEXT: Record<NotificationEvent, string> = {
  "escalation.opened": "An escalation opens",
  "escalation.near_sla": "It nears its SLA",
  "escalation.breached": "It breaches its SLA",
};

/** The signing secret, once: after create or rotate. */
function SecretOnce({ title, secret, onClose }: { title: string; secret: string; onClose: () => void }) {
  return (
    <Dialog open onClose={onClose} title={title} description="Receivers verify X-Baton-Signature with this secret (docs/notifications.md).">
      <Alert tone="warning" title="Copy the signing secret now">
        It is shown only once. Baton stores it encrypted and never shows it again; rotate it to get a new one.
      </Alert>
      <div className="mt-4 flex items-center gap-2">
        <Input readOnly value={secret} aria-label="Signing secret" data-testid="webhook-secret" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={secret} />
      </div>
      <div className="mt-5 flex justify-end">
        <Button onClick={onClose}>Done</Button>
      </div>
    </Dialog>
  );
}

/** Add or edit a webhook; validated by the same zod schema on the server (field errors come back per field). */
export function WebhookDialog({ webhook, onClose }: { webhook: WebhookSummary | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
  const create = useMutation(trpc.notifications.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.notifications.update.mutationOptions({ onSuccess: async () => (await refresh(), onClose()) }));
  const rotate = useMutation(trpc.notifications.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const [scope, setScope] = useState<"role" | "process">(webhook?.scope ?? "role");
  const [useMinutes, setUseMinutes] = useState(webhook?.nearSlaMinutes != null);
  const save = webhook ? update : create;
  const fieldErrors = fieldErrorsOf(save.error);

  if (create.data) return <SecretOnce title="Webhook added" secret={create.data.secret} onClose={onClose} />;
  if (rotate.data) return <SecretOnce title="Secret rotated" secret={rotate.data.secret} onClose={onClose} />;

  return (
    <Dialog open onClose={onClose} title={webhook ? `Edit “${webhook.name}”` : "Add webhook"} description="Baton POSTs a signed JSON message (text + blocks, as Slack expects, plus a baton object) to this URL.">
      <form
        className="space-y-4"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const data = {
            name: String(f.get("name") ?? ""),
            url: String(f.get("url") ?? "").trim(),
            scope,
            target: String(f.get("target") ?? "").trim(),
            events: NOTIFICATION_EVENTS.filter((ev) => f.get(ev) === "on"),
            nearSlaPercent: Number(f.get("nearSlaPercent") ?? 80),
            nearSlaMinutes: useMinutes ? Number(f.get("nearSlaMinutes") ?? 0) : null,
            enabled: f.get("enabled") === "on",
          };
          if (webhook) update.mutate({ id: webhook.id, data });
          else create.mutate(data);
        }}
      >
        {save.error && !fieldErrors ? <Alert>{save.error.message}</Alert> : null}
        {rotate.error ? <Alert>{rotate.error.message}</Alert> : null}
        <Field label="Name" htmlFor="webhook-name" error={fieldErrors?.name?.[0]}>
          <Input id="webhook-name" name="name" required maxLength={100} autoFocus defaultValue={webhook?.name} placeholder="#refund-reviews" />
        </Field>
        <Field label="URL" htmlFor="webhook-url" error={fieldErrors?.url?.[0]} hint="e.g. a Slack incoming-webhook URL.">
          <Input id="webhook-url" name="url" required defaultValue={webhook?.url} placeholder="https://hooks.slack.com/services/…" spellCheck={false} className="font-mono text-xs" />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="For escalations of" htmlFor="webhook-scope">
            <Select id="webhook-scope" value={scope} onChange={(e) => setScope(e.target.value === "process" ? "process" : "role")}>
              <option value="role">a role</option>
              <option value="process">a process</option>
            </Select>
          </Field>
          <Field label={scope === "role" ? "Role" : "Process slug"} htmlFor="webhook-target" error={fieldErrors?.target?.[0]}>
            {scope === "role" ? (
              <Select id="webhook-target" name="target" defaultValue={webhook?.scope === "role" ? webhook.target : "reviewer"}>
                {ROLE_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            ) : (
              <Input id="webhook-target" name="target" required defaultValue={webhook?.scope === "process" ? webhook.target : ""} placeholder="refund-approval" className="font-mono text-xs" />
            )}
          </Field>
        </div>
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-zinc-900">Send when</legend>
          {NOTIFICATION_EVENTS.map((ev) => (
            <label key={ev} className="flex items-center gap-2 text-sm text-zinc-700">
              <input type="checkbox" name={ev} defaultChecked={webhook ? webhook.events.includes(ev) : true} />
              {EVENT_TEXT[ev]}
            </label>
          ))}
          {fieldErrors?.events?.[0] ? <p className="text-xs text-red-600">{fieldErrors.events[0]}</p> : null}
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-900">“Nears its SLA” means</legend>
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input type="radio" name="thresholdKind" checked={!useMinutes} onChange={() => setUseMinutes(false)} />
            at
            <Input name="nearSlaPercent" type="number" min={1} max={99} defaultValue={webhook?.nearSlaPercent ?? 80} className="w-20" aria-label="Percent of the SLA" />% of the time to its due time
          </label>
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input type="radio" name="thresholdKind" checked={useMinutes} onChange={() => setUseMinutes(true)} />
            <Input name="nearSlaMinutes" type="number" min={1} defaultValue={webhook?.nearSlaMinutes ?? 15} className="w-20" aria-label="Minutes before due" disabled={!useMinutes} />
            minutes before it is due
          </label>
          {fieldErrors?.nearSlaPercent?.[0] ?? fieldErrors?.nearSlaMinutes?.[0] ? <p className="text-xs text-red-600">{fieldErrors?.nearSlaPercent?.[0] ?? fieldErrors?.nearSlaMinutes?.[0]}</p> : null}
        </fieldset>
        <label className="flex items-center gap-2 text-sm text-zinc-700">
          <input type="checkbox" name="enabled" defaultChecked={webhook?.enabled ?? true} />
          Enabled
        </label>
        <div className="flex items-center justify-between gap-3 pt-1">
          {webhook ? (
            <Button type="button" variant="ghost" size="sm" onClick={() => rotate.mutate({ id: webhook.id })} disabled={rotate.isPending}>
              Rotate secret
            </Button>
          ) : (
            <span />
          )}
          <DialogActions onCancel={onClose} busy={save.isPending} busyLabel="Saving…" label={webhook ? "Save" : "Add webhook"} />
        </div>
      </form>
    </Dialog>
  );
}
