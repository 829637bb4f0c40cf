import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RunsIcon } from "@/components/ui/icons";

export default function RunNotFound() {
  return (
    <EmptyState icon={RunsIcon} title="Run not found" description="No run has this id. It may be mistyped; recent runs are listed on the Runs page.">
      <Link href="/runs" className={buttonClasses({ variant: "secondary" })}>
        Back to runs
      </Link>
    </EmptyState>
  );
}
