"use client";

import { DialogActions } from "@/components/ui/dialog-actions";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { SecretTargetInput } from "@/core/http";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { fieldErrorsOf } from "./field-errors";
import { formatDateTime } from "./format";

const reference = (name: string) => `{{ secrets.${name} }}`;

export function SecretsSection() {
  const trpc = useTRPC();
  const { data: secrets } = useSuspenseQuery(trpc.settings.secrets.list.queryOptions());
  const [setting, setSetting] = useState<string | "new" | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);

  return (
    <Card
      title="Secrets"
      description={
        <>
          Values tool steps send in headers, referenced as <code className="font-mono text-xs">{reference("NAME")}</code>. Stored encrypted; only names are shown. Each is sent only to the hosts or URL prefixes listed for it.
        </>
      }
      actions={
        <Button size="sm" onClick={() => setSetting("new")}>
          <PlusIcon className="size-3.5" />
          Add secret
        </Button>
      }
    >
      {secrets.length === 0 ? (
        <div className="flex flex-col items-center px-5 py-10 text-center">
          <KeyIcon className="mb-3 size-5 text-zinc-400" />
          <p className="text-sm font-medium text-zinc-900">No secrets yet</p>
          <p className="mt-1 text-sm text-zinc-500">Add one for each token your tools need, e.g. HELPDESK_TOKEN.</p>
        </div>
      ) : (
        <Table aria-label="Secrets">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Reference</Th>
              <Th>Sent only to</Th>
              <Th>Updated</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {secrets.map((s) => (
              <tr key={s.name} data-testid="secret-row">
                <Td className="font-mono text-xs font-medium text-zinc-900">{s.name}</Td>
                <Td>
                  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{reference(s.name)}</code>
                </Td>
                <Td className="font-mono text-xs" data-testid="secret-allowed-urls">
                  {s.allowedUrls.length ? s.allowedUrls.join(", ") : <span className="font-sans text-sm text-amber-700">Nowhere yet: set its hosts</span>}
                </Td>
                <Td>
                  <time dateTime={s.updatedAt.toISOString()} suppressHydrationWarning>
                    {formatDateTime(s.updatedAt)}
                  </time>
                </Td>
                <Td className="text-right whitespace-nowrap">
                  <div className="inline-flex gap-2">
                    <Button variant="secondary" size="sm" onClick={() => setSetting(s.name)} aria-label={`Replace value of ${s.name}`}>
                      Replace value
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setDeleting(s.name)} aria-label={`Delete ${s.name}`}>
                      Delete
                    </Button>
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {setting ? (
        <SetSecretDialog
          name={setting === "new" ? null : setting}
          allowedUrls={secrets.find((s) => s.name === setting)?.allowedUrls ?? []}
          takenNames={secrets.map((s) => s.name)}
          onClose={() => setSetting(null)}
        />
      ) : null}
      {deleting ? <DeleteSecretDialog name={deleting} onClose={() => setDeleting(null)} /> : null}
    </Card>
  );
}

/** One host or URL prefix per line (or comma-separated), checked with the API's own schema. */
function parseTargets(text: string): { targets: string[]; error: string | null } {
  const raw = text.split(/[\n,]/).map((t) => t.trim()).filter(Boolean);
  if (raw.length === 0) return { targets: [], error: "Name at least one host or URL prefix this secret may be sent to, e.g. api.example.com" };
  const targets: string[] = [];
  for (const t of raw) {
    const parsed = SecretTargetInput.safeParse(t);
    if (!parsed.success) return { targets: [], error: `“${t}”: ${parsed.error.issues[0]?.message ?? "not a host or URL prefix"}` };
    targets.push(parsed.data);
  }
  return { targets, error: null };
}

function SetSecretDialog({ name, allowedUrls, takenNames, onClose }: { name: string | null; allowedUrls: string[]; takenNames: string[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [clientError, setClientError] = useState<string | null>(null);
  const [targetsError, setTargetsError] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.secrets.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.secrets.list.queryKey() });
        onClose();
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(save.error);

  return (
    <Dialog
      open
      onClose={onClose}
      title={name ? `Replace “${name}”` : "Add secret"}
      description={name ? "The old value is overwritten. Runs pick up the new value on their next tool call." : "The value is stored encrypted and never shown again."}
    >
      <form
        className="space-y-4"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const secretName = name ?? String(form.get("name") ?? "").trim();
          if (!name && takenNames.includes(secretName)) {
            setClientError(`“${secretName}” already exists. Use Replace value on its row instead.`);
            return;
          }
          setClientError(null);
          const { targets, error } = parseTargets(String(form.get("allowedUrls") ?? ""));
          setTargetsError(error);
          if (error) return;
          save.mutate({ name: secretName, value: String(form.get("value") ?? ""), allowedUrls: targets });
        }}
      >
        {clientError ? <Alert>{clientError}</Alert> : save.error && !fieldErrors ? <Alert>{save.error.message}</Alert> : null}
        {name ? null : (
          <Field label="Name" htmlFor="secret-name" error={fieldErrors?.name?.[0]} hint="UPPER_SNAKE_CASE, e.g. HELPDESK_TOKEN.">
            <Input id="secret-name" name="name" required autoFocus placeholder="HELPDESK_TOKEN" spellCheck={false} className="font-mono text-xs" />
          </Field>
        )}
        <Field label="Value" htmlFor="secret-value" error={fieldErrors?.value?.[0]} hint="Write-only: nobody can read it back here.">
          <Input id="secret-value" name="value" type="password" required autoFocus={Boolean(name)} autoComplete="new-password" spellCheck={false} className="font-mono text-xs" />
        </Field>
        <Field
          label="Sent only to"
          htmlFor="secret-allowed-urls"
          error={targetsError ?? fieldErrors?.allowedUrls?.[0]}
          hint="One per line: a host (api.example.com, localhost:8080) or a URL prefix (https://api.example.com/v1/). Tool steps that send this secret anywhere else are refused."
        >
          <Textarea
            id="secret-allowed-urls"
            name="allowedUrls"
            required
            rows={3}
            defaultValue={allowedUrls.join("\n")}
            placeholder="api.example.com"
            spellCheck={false}
            className="font-mono text-xs"
          />
        </Field>
        <DialogActions className="pt-1" onCancel={onClose} busy={save.isPending} busyLabel="Saving…" label={name ? "Replace value" : "Add secret"} />
      </form>
    </Dialog>
  );
}

function DeleteSecretDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.settings.secrets.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.secrets.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete secret “${name}”?`}
      description={`Tool calls that send ${reference(name)} fail until it is added again, and processes referencing it stop validating.`}
    >
      {remove.error ? <Alert className="mb-4">{remove.error.message}</Alert> : null}
      <DialogActions danger onCancel={onClose} onConfirm={() => remove.mutate({ name })} busy={remove.isPending} busyLabel="Deleting…" label="Delete secret" />
    </Dialog>
  );
}
