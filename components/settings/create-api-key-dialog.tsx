"use client";

import { DialogActions } from "@/components/ui/dialog-actions";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { CopyButton } from "./copy-button";
import { isRole, ROLE_OPTIONS } from "./roles";

export function CreateApiKeyDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }),
    }),
  );
  const fieldErrors = create.error?.data?.fieldErrors as Record<string, string[] | undefined> | null | undefined;

  if (create.data) {
    return (
      <Dialog open onClose={onClose} title="API key created" description={`“${create.data.name}” acts as ${create.data.role}.`}>
        <Alert tone="warning" title="Copy this key now">
          It is shown only once. Baton stores a hash, so nobody can show it to you again.
        </Alert>
        <div className="mt-4 flex items-center gap-2">
          <Input readOnly value={create.data.key} aria-label="New API key" data-testid="new-api-key" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={create.data.key} />
        </div>
        <p className="mt-3 text-xs text-zinc-500">
          Send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.
        </p>
        <div className="mt-5 flex justify-end">
          <Button onClick={onClose}>Done</Button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open onClose={onClose} title="Create API key" description="The key is shown once, right after you create it.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const role = String(form.get("role"));
          create.mutate({ name: String(form.get("name") ?? ""), role: isRole(role) ? role : "operator" });
        }}
      >
        {create.error && !fieldErrors ? <Alert>{create.error.message}</Alert> : null}
        <Field label="Name" htmlFor="api-key-name" error={fieldErrors?.name?.[0]} hint="Where it is used, e.g. “CRM webhook”.">
          <Input id="api-key-name" name="name" required maxLength={80} autoFocus placeholder="CRM webhook" />
        </Field>
        <Field label="Role" htmlFor="api-key-role" hint="The key can do what a user with this role can do.">
          <Select id="api-key-role" name="role" defaultValue="operator">
            {ROLE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label} — {o.hint}
              </option>
            ))}
          </Select>
        </Field>
        <DialogActions className="pt-1" onCancel={onClose} busy={create.isPending} busyLabel="Creating…" label="Create key" />
      </form>
    </Dialog>
  );
}
