import { PageHeader } from "@/components/ui/page-header";
import { EscalationsList } from "./escalations-list";

export function InboxPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Inbox" description="Escalations waiting for a human decision." />
      <EscalationsList />
    </div>
  );
}
