"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { InboxIcon, PlusIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import type { WebhookSummary } from "@/server/notifications/notifications.schema";
import { DeliveriesDialog } from "./webhook-deliveries-dialog";
import { WebhookDialog } from "./webhook-dialog";

const EVENT_LABELS: Record<WebhookSummary["events"][number], string> = {
  "escalation.opened": "opened",
  "escalation.near_sla": "nears SLA",
  "escalation.breached": "breached",
};

const threshold = (w: WebhookSummary) => (w.nearSlaMinutes !== null ? `${w.nearSlaMinutes} min before due` : `at ${w.nearSlaPercent}% of the SLA`);

/** Settings → Notifications: outbound escalation webhooks and their delivery logs (admins). */
export function NotificationsSection() {
  const trpc = useTRPC();
  const { data: hooks } = useSuspenseQuery(trpc.notifications.list.queryOptions());
  const [editing, setEditing] = useState<WebhookSummary | "new" | null>(null);
  const [logOf, setLogOf] = useState<WebhookSummary | null>(null);
  const [deleting, setDeleting] = useState<WebhookSummary | null>(null);

  return (
    <Card
      title="Notifications"
      description="Webhooks that hear when an escalation for a role, or of a process, opens, nears its SLA or breaches it: Slack-compatible JSON, signed with HMAC-SHA256 (X-Baton-Signature), retried with backoff."
      actions={
        <Button size="sm" onClick={() => setEditing("new")}>
          <PlusIcon className="size-3.5" />
          Add webhook
        </Button>
      }
    >
      {hooks.length === 0 ? (
        <div className="flex flex-col items-center px-5 py-10 text-center">
          <InboxIcon className="mb-3 size-5 text-zinc-400" />
          <p className="text-sm font-medium text-zinc-900">No webhooks yet</p>
          <p className="mt-1 text-sm text-zinc-500">Add one to tell a Slack channel (or any HTTP endpoint) about escalations.</p>
        </div>
      ) : (
        <Table aria-label="Webhooks">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>For</Th>
              <Th>Events</Th>
              <Th>Deliveries</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {hooks.map((w) => (
              <tr key={w.id} data-testid="webhook-row">
                <Td className="max-w-64">
                  <div className="truncate font-medium text-zinc-900" title={w.name}>
                    {w.name}
                  </div>
                  <div className="truncate font-mono text-xs text-zinc-500" title={w.url}>
                    {w.url}
                  </div>
                </Td>
                <Td className="text-sm">
                  {w.scope === "role" ? "role" : "process"} <span className="font-mono text-xs">{w.target}</span>
                </Td>
                <Td className="text-xs text-zinc-600">
                  {w.events.map((e) => EVENT_LABELS[e]).join(", ")}
                  {w.events.includes("escalation.near_sla") ? <div className="text-zinc-400">{threshold(w)}</div> : null}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {w.enabled ? null : <Badge>disabled</Badge>}
                    {w.failed > 0 ? <Badge tone="red">{w.failed} failed</Badge> : <Badge tone="green">no failures</Badge>}
                  </div>
                </Td>
                <Td className="text-right whitespace-nowrap">
                  <div className="inline-flex gap-2">
                    <Button variant="secondary" size="sm" onClick={() => setLogOf(w)} aria-label={`Delivery log of ${w.name}`}>
                      Log
                    </Button>
                    <Button variant="secondary" size="sm" onClick={() => setEditing(w)} aria-label={`Edit ${w.name}`}>
                      Edit
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setDeleting(w)} aria-label={`Delete ${w.name}`}>
                      Delete
                    </Button>
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing ? <WebhookDialog webhook={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      {logOf ? <DeliveriesDialog webhook={logOf} onClose={() => setLogOf(null)} /> : null}
      {deleting ? <DeleteWebhookDialog webhook={deleting} onClose={() => setDeleting(null)} /> : null}
    </Card>
  );
}

function DeleteWebhookDialog({ webhook, onClose }: { webhook: WebhookSummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.notifications.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog open onClose={onClose} title={`Delete webhook “${webhook.name}”?`} description="It stops receiving notifications at once; its delivery log is deleted with it.">
      {remove.error ? <Alert className="mb-4">{remove.error.message}</Alert> : null}
      <DialogActions danger onCancel={onClose} onConfirm={() => remove.mutate({ id: webhook.id })} busy={remove.isPending} busyLabel="Deleting…" label="Delete webhook" />
    </Dialog>
  );
}
