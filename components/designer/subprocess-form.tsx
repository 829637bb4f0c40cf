"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { MappingField, SelectField } from "./inspector-fields";
import type { FormProps } from "./node-forms";
import { parseVersion, versionOptions, versionValue } from "./subprocess-versions";

/** Sub-process step: the child process, its version (a published one, or latest), and the input mapping. */
export function SubprocessForm({ node, set, issues, scope, disabled, processes }: FormProps<"subprocess">) {
  const trpc = useTRPC();
  const known = processes.includes(node.process);
  const { data: published, error } = useQuery({ ...trpc.processes.versions.queryOptions({ slug: node.process }), enabled: known });
  return (
    <>
      <SelectField
        label="Process"
        value={known ? node.process : ""}
        error={issues.process}
        options={processes.map((value) => ({ value, label: value }))}
        disabled={disabled}
        // Another child's version numbers mean nothing here: a new process starts unpinned.
        onChange={(process) => set({ ...node, process, version: undefined }, "process")}
      />
      <SelectField
        label="Version"
        value={versionValue(node.version)}
        error={issues.version ?? (error ? `Could not load the published versions: ${error.message}` : undefined)}
        hint="Latest published: each run uses the child's newest published version when the step starts."
        options={versionOptions(known ? published : undefined, node.version)}
        disabled={disabled || !known}
        onChange={(v) => set({ ...node, version: parseVersion(v) }, "version")}
      />
      <MappingField label="Input mapping" value={node.input} scope={scope} disabled={disabled} onChange={(input) => set({ ...node, input }, "input")} />
    </>
  );
}
