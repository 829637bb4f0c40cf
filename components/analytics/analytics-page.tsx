import { EmptyState } from "@/components/ui/empty-state";
import { AnalyticsIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export function AnalyticsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Analytics" description="Latency, cost, error and escalation rates per step, across runs and versions." />
      <EmptyState
        icon={AnalyticsIcon}
        title="No data yet"
        description="Analytics are computed from completed runs. Publish a process and run it to see figures here."
      />
    </div>
  );
}
