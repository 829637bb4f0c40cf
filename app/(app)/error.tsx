"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { AlertIcon } from "@/components/ui/icons";

/** Shown when a page fails to render: what happened and what to do, never a stack trace. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState
      icon={AlertIcon}
      title="This page could not be loaded"
      description={
        <>
          Try again. If it keeps failing, check the server logs
          {error.digest ? (
            <>
              {" "}for error <code className="font-mono text-xs">{error.digest}</code>
            </>
          ) : null}
          .
        </>
      }
    >
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </EmptyState>
  );
}
