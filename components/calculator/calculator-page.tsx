import { EmptyState } from "@/components/ui/empty-state";
import { CalculatorIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export function CalculatorPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Calculator" description="Projected cost per run before you publish, with what-if model choices per step." />
      <EmptyState
        icon={CalculatorIcon}
        title="No process to estimate"
        description="Cost projections need a process. Once one exists, pick it here to compare model choices step by step."
      />
    </div>
  );
}
