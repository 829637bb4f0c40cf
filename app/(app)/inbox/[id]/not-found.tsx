import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon } from "@/components/ui/icons";

export default function EscalationNotFound() {
  return (
    <EmptyState icon={InboxIcon} title="Escalation not found" description="No escalation has this id. Open ones are listed in the inbox.">
      <Link href="/inbox" className={buttonClasses({ variant: "secondary" })}>
        Back to inbox
      </Link>
    </EmptyState>
  );
}
