"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProcessIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/components/runs/format";

export function ProcessesTable() {
  const trpc = useTRPC();
  const router = useRouter();
  const { data: processes } = useSuspenseQuery(trpc.processes.list.queryOptions());

  if (processes.length === 0) {
    return (
      <EmptyState
        icon={ProcessIcon}
        title="No processes yet"
        description="Create one with New process (blank, from a template or an exported JSON file), or import a graph with POST /api/v1/processes."
      />
    );
  }

  return (
    <Card title="All processes" description="Open a process to see its nodes, versions and webhook.">
      <Table aria-label="Processes">
        <thead>
          <tr>
            <Th>Process</Th>
            <Th>Description</Th>
            <Th>Published</Th>
            <Th>Updated</Th>
            <Th>
              <span className="sr-only">Designer</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => {
            const href = `/processes/${p.slug}`;
            return (
              <tr
                key={p.id}
                data-testid="process-row"
                data-slug={p.slug}
                className="cursor-pointer hover:bg-zinc-50"
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest("a")) return;
                  router.push(href);
                }}
              >
                <Td>
                  <Link href={href} className="font-medium text-zinc-900 hover:underline">
                    {p.name}
                  </Link>
                  <span className="block font-mono text-xs text-zinc-400">{p.slug}</span>
                </Td>
                <Td className="max-w-md text-zinc-600">
                  <span className="line-clamp-2">{p.description || <span className="text-zinc-400">—</span>}</span>
                </Td>
                <Td>{p.latestVersion !== null ? <Badge tone="green">v{p.latestVersion}</Badge> : <Badge tone="amber">draft only</Badge>}</Td>
                <Td className="whitespace-nowrap text-zinc-500" suppressHydrationWarning>
                  {formatDateTime(p.updatedAt)}
                </Td>
                <Td className="text-right">
                  <Link href={`/processes/${p.slug}/design`} className="text-sm font-medium text-sky-700 hover:underline" data-testid="open-designer">
                    Open designer
                  </Link>
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}
