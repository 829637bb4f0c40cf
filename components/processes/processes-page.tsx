import { EmptyState } from "@/components/ui/empty-state";
import { ProcessIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export function ProcessesPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Processes" description="Step graphs of agents, tools and human reviews, published as durable functions." />
      <EmptyState
        icon={ProcessIcon}
        title="No processes yet"
        description="Processes you design and publish will be listed here with their versions and recent runs."
      />
    </div>
  );
}
