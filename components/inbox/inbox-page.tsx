import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export function InboxPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Inbox" description="Escalations waiting for a human decision." />
      <EmptyState
        icon={InboxIcon}
        title="Nothing to review"
        description="When a run reaches a human review step or escalates, it waits here for someone to approve, edit or reject it."
      />
    </div>
  );
}
