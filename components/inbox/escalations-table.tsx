"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { InboxIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { formatShortDateTime } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";
import { escalationsListInput } from "./search-params";
import type { EscalationStatus } from "./status";

export function EscalationsTable({ status }: { status: EscalationStatus }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { data: escalations } = useSuspenseQuery({
    ...trpc.escalations.list.queryOptions(escalationsListInput(status)),
    // New escalations arrive while runs progress.
    refetchInterval: status === "open" ? 5000 : false,
  });

  if (escalations.length === 0) {
    return (
      <div className="flex flex-col items-center px-5 py-12 text-center" data-testid="inbox-empty">
        <InboxIcon className="mb-3 size-5 text-zinc-400" />
        <p className="text-sm font-medium text-zinc-900">{status === "open" ? "Nothing to review" : `No ${status.replace("_", " ")} escalations`}</p>
        <p className="mt-1 max-w-md text-sm text-zinc-500">
          {status === "open"
            ? "When a run reaches a human review step or escalates, it waits here for someone to approve, edit or reject it."
            : "Switch the filter to Open to see what is waiting."}
        </p>
      </div>
    );
  }

  const now = Date.now();
  return (
    <Table aria-label="Escalations">
      <thead>
        <tr>
          <Th>Process</Th>
          <Th>Run</Th>
          <Th>Node</Th>
          <Th>Reason</Th>
          <Th>Role</Th>
          <Th>{status === "open" ? "Due" : "Status"}</Th>
          <Th>Created</Th>
        </tr>
      </thead>
      <tbody>
        {escalations.map((esc) => {
          const href = `/inbox/${esc.id}`;
          const overdue = esc.status === "open" && esc.dueAt !== null && esc.dueAt.getTime() < now;
          return (
            <tr
              key={esc.id}
              data-testid="escalation-row"
              data-escalation-id={esc.id}
              data-run-id={esc.runId}
              className="cursor-pointer hover:bg-zinc-50"
              onClick={(e) => {
                if ((e.target as HTMLElement).closest("a")) return;
                router.push(href);
              }}
            >
              <Td className="whitespace-nowrap">
                <Link href={href} className="font-medium text-zinc-900 hover:underline">
                  {esc.process}
                </Link>
                <span className="ml-1.5 text-xs text-zinc-400">v{esc.version}</span>
              </Td>
              <Td>
                <Link href={`/runs/${esc.runId}`} className="font-mono text-xs text-zinc-700 hover:underline">
                  {esc.runId}
                </Link>
              </Td>
              <Td className="font-mono text-xs">{esc.nodeId}</Td>
              <Td className="max-w-80">
                <span className="line-clamp-2" title={esc.reason}>
                  {esc.reason}
                </span>
              </Td>
              <Td>
                <Badge>{esc.role}</Badge>
              </Td>
              <Td className="whitespace-nowrap" suppressHydrationWarning>
                {status === "open" ? (
                  esc.dueAt ? (
                    <span className={overdue ? "font-medium text-red-700" : undefined}>{formatShortDateTime(esc.dueAt)}</span>
                  ) : (
                    <span className="text-zinc-400">no deadline</span>
                  )
                ) : (
                  <StatusBadge status={esc.status} />
                )}
              </Td>
              <Td className="whitespace-nowrap text-zinc-500" suppressHydrationWarning>
                {formatShortDateTime(esc.createdAt)}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
