import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ProcessIcon } from "@/components/ui/icons";

export default function ProcessNotFound() {
  return (
    <EmptyState icon={ProcessIcon} title="Process not found" description="No process has this slug. It may be mistyped or archived.">
      <Link href="/processes" className={buttonClasses({ variant: "secondary" })}>
        Back to processes
      </Link>
    </EmptyState>
  );
}
