"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Table, Td, Th } from "@/components/ui/table";
import type { DeliveryView, WebhookSummary } from "@/server/notifications/notifications.schema";
import { formatDateTime } from "./format";

const TONE = { delivered: "green", pending: "amber", failed: "red", skipped: "neutral" } as const;

function when(d: DeliveryView): string {
  if (d.status === "delivered" && d.deliveredAt) return `sent ${formatDateTime(d.deliveredAt)}`;
  if (d.status === "pending") return `${d.attempts ? "retry" : "due"} ${formatDateTime(d.nextAttemptAt)}`;
  return formatDateTime(d.createdAt);
}

/** A webhook's delivery log, newest first; a failed delivery can be sent again. */
export function DeliveriesDialog({ webhook, onClose }: { webhook: WebhookSummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const log = useQuery({ ...trpc.notifications.deliveries.queryOptions({ id: webhook.id }), refetchInterval: 5_000 });
  const retry = useMutation(
    trpc.notifications.retry.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.deliveries.queryKey({ id: webhook.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
      },
    }),
  );
  return (
    <Dialog open onClose={onClose} size="lg" title={`Deliveries of “${webhook.name}”`} description="The latest 50, newest first. Failed ones gave up after their last retry.">
      {log.error ? <Alert>{log.error.message}</Alert> : null}
      {retry.error ? <Alert className="mb-3">{retry.error.message}</Alert> : null}
      {log.data && log.data.length === 0 ? <p className="py-6 text-center text-sm text-zinc-500">Nothing sent yet.</p> : null}
      {log.data && log.data.length > 0 ? (
        <div className="max-h-[60vh] overflow-auto">
          <Table aria-label="Deliveries">
            <thead>
              <tr>
                <Th>Event</Th>
                <Th>Escalation</Th>
                <Th>Status</Th>
                <Th>Attempts</Th>
                <Th>When</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => (
                <tr key={d.id} data-testid="delivery-row" data-event={d.event} data-status={d.status}>
                  <Td className="font-mono text-xs">{d.event.replace("escalation.", "")}</Td>
                  <Td className="font-mono text-xs">
                    <a className="text-sky-700 hover:underline" href={`/inbox/${d.escalationId}`}>
                      {d.escalationId}
                    </a>
                  </Td>
                  <Td>
                    <Badge tone={TONE[d.status]}>{d.status}</Badge>
                    {d.lastError ? (
                      <div className="mt-1 max-w-56 truncate text-xs text-zinc-500" title={d.lastError}>
                        {d.lastStatus ? `HTTP ${d.lastStatus}: ` : ""}
                        {d.lastError}
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-xs">{d.attempts}</Td>
                  <Td className="text-xs whitespace-nowrap">{when(d)}</Td>
                  <Td className="text-right">
                    {d.status === "failed" ? (
                      <Button variant="secondary" size="sm" onClick={() => retry.mutate({ id: webhook.id, deliveryId: d.id })} disabled={retry.isPending}>
                        Retry
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
    </Dialog>
  );
}
