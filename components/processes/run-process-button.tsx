"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { StartRunDialog } from "@/components/runs/start-run-dialog";
import { ANY_OBJECT, canRun, inputSchemaOf } from "@/components/runs/input-schema";

/**
 * The process page's "Run" button: operators and admins only (reviewers never see a button the
 * server would refuse), enabled once a version is published.
 */
export function RunProcessButton({ slug, latest, userRole }: { slug: string; latest: { version: number; plan: unknown } | null; userRole: string }) {
  const [open, setOpen] = useState(false);
  if (!canRun(userRole)) return null;
  return (
    <>
      <Button size="sm" disabled={!latest} title={latest ? undefined : "Publish the draft first"} onClick={() => setOpen(true)}>
        Run
      </Button>
      {open && latest ? <StartRunDialog slug={slug} version={latest.version} schema={inputSchemaOf(latest.plan) ?? ANY_OBJECT} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
