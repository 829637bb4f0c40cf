import { EmptyState } from "@/components/ui/empty-state";
import { RunsIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export function RunsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Runs" description="Every execution of a published process, with its steps, cost and outcome." />
      <EmptyState
        icon={RunsIcon}
        title="No runs yet"
        description="Runs appear here as soon as a published process is triggered by the API, a webhook, a schedule or an event."
      />
    </div>
  );
}
