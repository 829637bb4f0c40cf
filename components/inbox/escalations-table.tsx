"use client";

import { RunKindBadge, versionLabel } from "@/components/runs/run-kind-badge";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { InboxItem } from "@/server/escalations/inbox.schema";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { InboxIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { formatShortDateTime } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";
import { escalationsListInput, type InboxAssignee, type InboxScope } from "./search-params";
import { BulkActions } from "./bulk-actions";
import type { EscalationStatus } from "./status";
import { DueChip } from "./due-chip";
import { ignoresShortcut } from "./triage";

export function EscalationsTable({ status, scope, assignee, onHelp }: { status: EscalationStatus; scope: InboxScope; assignee: InboxAssignee; onHelp: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { data } = useSuspenseQuery({
    ...trpc.escalations.inbox.queryOptions(escalationsListInput(status, scope, assignee)),
    // New escalations arrive while runs progress.
    refetchInterval: status === "open" ? 5000 : false,
  });
  const escalations = data.items;
  const [selected, setSelected] = useState(0);
  // Checked for a bulk decision; only ids still listed count (a decided item drops out of the open list).
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const checkedItems = escalations.filter((e) => checked.has(e.id));
  const toggle = (id: string) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const current = Math.min(selected, Math.max(0, escalations.length - 1));

  // j / k move, Enter opens, x selects for a bulk decision, ? shows the keys: the list is worked without the mouse.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (ignoresShortcut(e)) return;
      if (e.key === "?") return onHelp();
      if (escalations.length === 0) return;
      if (e.key === "j" || e.key === "ArrowDown") setSelected(Math.min(current + 1, escalations.length - 1));
      else if (e.key === "k" || e.key === "ArrowUp") setSelected(Math.max(current - 1, 0));
      else if (e.key === "Enter" && !(e.target as HTMLElement | null)?.closest?.("a, button")) router.push(`/inbox/${escalations[current]!.id}`);
      else if (e.key === "x" && status === "open" && selectable(escalations[current]!)) toggle(escalations[current]!.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [escalations, current, router, onHelp, status]);

  useEffect(() => {
    document.querySelector('[data-testid="escalation-row"][aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }, [current]);

  // First child in both branches below, so its dialog (with the per-item results) outlives the list emptying.
  const bulk = status === "open" ? <BulkActions selected={checkedItems} onDone={() => setChecked(new Set())} /> : null;

  if (escalations.length === 0) {
    return (
      <>
        {bulk}
        <div className="flex flex-col items-center px-5 py-12 text-center" data-testid="inbox-empty">
          <InboxIcon className="mb-3 size-5 text-zinc-400" />
          <p className="text-sm font-medium text-zinc-900">{status === "open" ? "Nothing to review" : `No ${status.replace("_", " ")} escalations`}</p>
          <p className="mt-1 max-w-md text-sm text-zinc-500">
            {status === "open"
              ? scope === "mine"
                ? "Nothing waits for your role. When a run reaches a human review step or escalates, it waits here for someone to approve, edit or reject it."
                : "When a run reaches a human review step or escalates, it waits here for someone to approve, edit or reject it."
              : "Switch the filter to Open to see what is waiting."}
          </p>
        </div>
      </>
    );
  }

  return (
    <>
      {bulk}
      <Table aria-label="Escalations" className="table-fixed">
        <colgroup>
          <col className="w-10" />
          <col className="w-[22%]" />
          <col className="w-[14%]" />
          <col />
          <col className="w-28" />
          <col className="w-44" />
          <col className="w-36" />
        </colgroup>
        <thead>
          <tr>
            <Th>
              <span className="sr-only">Select</span>
            </Th>
            <Th>Process and run</Th>
            <Th>Node</Th>
            <Th>Reason</Th>
            <Th>Role</Th>
            <Th>{status === "open" ? "Due" : "Status"}</Th>
            <Th>Created</Th>
          </tr>
        </thead>
        <tbody>
          {escalations.map((esc, i) => (
            <Row key={esc.id} esc={esc} status={status} selected={i === current} checked={checked.has(esc.id)} onCheck={() => toggle(esc.id)} onOpen={() => router.push(`/inbox/${esc.id}`)} />
          ))}
        </tbody>
      </Table>
    </>
  );
}

/** Rows a bulk decision may include: open, yours to decide, not held by someone else. */
function selectable(esc: InboxItem): boolean {
  return esc.status === "open" && esc.canDecide && !esc.heldByOther;
}

function Row({
  esc,
  status,
  selected,
  checked,
  onCheck,
  onOpen,
}: {
  esc: InboxItem;
  status: EscalationStatus;
  selected: boolean;
  checked: boolean;
  onCheck: () => void;
  onOpen: () => void;
}) {
  const href = `/inbox/${esc.id}`;
  const [expanded, setExpanded] = useState(false);
  return (
    <tr
      data-testid="escalation-row"
      data-escalation-id={esc.id}
      data-run-id={esc.runId}
      data-can-decide={esc.canDecide}
      aria-selected={selected}
      className={cn("cursor-pointer hover:bg-zinc-50", selected && "bg-sky-50/70 outline outline-1 -outline-offset-1 outline-sky-300", !esc.canDecide && esc.status === "open" && "text-zinc-500")}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a, button, input")) return;
        onOpen();
      }}
    >
      <Td className="align-top">
        {selectable(esc) ? (
          <input type="checkbox" className="size-4" aria-label={`Select ${esc.id}`} checked={checked} onChange={onCheck} data-testid="escalation-select" />
        ) : null}
      </Td>
      <Td className="align-top">
        <div className="flex min-w-0 items-baseline gap-1.5">
          <Link href={href} className="truncate font-medium text-zinc-900 hover:underline" title={esc.process}>
            {esc.process}
          </Link>
          <span className="shrink-0 text-xs text-zinc-400">{versionLabel(esc.runKind, esc.version)}</span>
          <RunKindBadge kind={esc.runKind} className="shrink-0" />
        </div>
        <Link href={`/runs/${esc.runId}`} className="block truncate font-mono text-xs text-zinc-500 hover:underline" title={esc.runId}>
          {esc.runId}
        </Link>
      </Td>
      <Td className="align-top font-mono text-xs">
        <span className="block truncate" title={esc.nodeId}>
          {esc.nodeId}
        </span>
      </Td>
      <Td className="align-top">
        <p className={cn("whitespace-pre-wrap break-words", !expanded && "line-clamp-3")} title={esc.reason} data-testid="escalation-reason-cell">
          {esc.reason}
        </p>
        {esc.reason.length > 160 || esc.reason.split("\n").length > 3 ? (
          <button type="button" className="mt-0.5 text-xs font-medium text-zinc-500 hover:text-zinc-900" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
            {expanded ? "Show less" : "Show all"}
          </button>
        ) : null}
        {esc.readOnlyReason && esc.status === "open" ? (
          <p className="mt-1 text-xs text-zinc-500" data-testid="escalation-read-only">
            <Badge tone="neutral">read-only</Badge> {esc.readOnlyReason}
          </p>
        ) : null}
      </Td>
      <Td className="align-top">
        <Badge>{esc.role}</Badge>
        {esc.claimedBy ? (
          <span className="mt-1 block truncate text-xs text-zinc-500" title={`Held by ${esc.claimedBy}`} data-testid="escalation-holder">
            {esc.heldByOther ? esc.claimedBy : "you"}
          </span>
        ) : null}
      </Td>
      <Td className="align-top" suppressHydrationWarning>
        {status === "open" ? <DueChip dueAt={esc.dueAt} createdAt={esc.createdAt} /> : <StatusBadge status={esc.status} />}
      </Td>
      <Td className="align-top text-xs text-zinc-500" suppressHydrationWarning>
        {formatShortDateTime(esc.createdAt)}
      </Td>
    </tr>
  );
}
