import Link from "next/link";
import { Suspense } from "react";
import { buttonClasses } from "@/components/ui/button";
import { PlusIcon } from "@/components/ui/icons";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/runs/skeleton";
import { ProcessesTable } from "./processes-table";

export function ProcessesPage({ canEdit }: { canEdit: boolean }) {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Processes"
        description="Step graphs of agents, tools and human reviews, published as durable functions."
        actions={
          canEdit ? (
            <Link href="/processes/new" className={buttonClasses()}>
              <PlusIcon className="size-4" />
              New process
            </Link>
          ) : null
        }
      />
      <Suspense fallback={<Card><TableSkeleton /></Card>}>
        <ProcessesTable />
      </Suspense>
    </div>
  );
}
