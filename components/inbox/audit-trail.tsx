"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatShortDateTime } from "@/components/runs/format";
import { JsonBlock } from "@/components/runs/json-block";

const ACTION: Record<string, string> = {
  viewed: "Viewed",
  claimed: "Claimed",
  released: "Released",
  assigned: "Assigned",
  taken_over: "Took over",
  decided: "Decided",
  sla_escalated: "SLA: escalated to another role",
  sla_breached: "SLA: deadline passed",
};

/** Everything that happened to this escalation, oldest first (GET /api/v1/escalations/{id}/audit). */
export function AuditTrail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data, isPending } = useQuery(trpc.escalations.audit.queryOptions({ id }));
  return (
    <Card title="Audit" description="Who looked at, claimed, handed over and decided this escalation, and when.">
      {isPending ? (
        <p className="p-5 text-sm text-zinc-500">Loading…</p>
      ) : !data?.length ? (
        <p className="p-5 text-sm text-zinc-500">Nothing recorded yet.</p>
      ) : (
        <Table aria-label="Audit" className="table-fixed">
          <colgroup>
            <col className="w-36" />
            <col className="w-48" />
            <col className="w-[28%]" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <Th>When</Th>
              <Th>What</Th>
              <Th>Who</Th>
              <Th>Change</Th>
            </tr>
          </thead>
          <tbody>
            {data.map((e, i) => (
              <tr key={i} data-testid="audit-row" data-action={e.action}>
                <Td className="align-top text-xs text-zinc-500" suppressHydrationWarning>
                  {formatShortDateTime(e.at)}
                </Td>
                <Td className="align-top">{ACTION[e.action] ?? e.action}</Td>
                <Td className="align-top">
                  <span className="block truncate" title={e.actor}>
                    {e.actor}
                  </span>
                </Td>
                <Td className="align-top">
                  {e.before !== null || e.after !== null ? <JsonBlock label="Before / after" value={{ before: e.before, after: e.after }} /> : <span className="text-zinc-400">—</span>}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
