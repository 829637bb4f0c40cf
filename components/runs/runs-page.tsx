import { PageHeader } from "@/components/ui/page-header";
import { RunsList } from "./runs-list";

export function RunsPage({ userRole }: { userRole: string }) {
  return (
    <div className="space-y-6">
      <PageHeader title="Runs" description="Every execution of a published process, with its steps, cost and outcome." />
      <RunsList userRole={userRole} />
    </div>
  );
}
