import { Suspense } from "react";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/runs/skeleton";
import { ProcessesTable } from "./processes-table";

export function ProcessesPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Processes" description="Step graphs of agents, tools and human reviews, published as durable functions." />
      <Suspense fallback={<Card><TableSkeleton /></Card>}>
        <ProcessesTable />
      </Suspense>
    </div>
  );
}
