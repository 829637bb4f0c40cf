"use client";

import { DialogActions } from "@/components/ui/dialog-actions";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ProviderSummary } from "@/server/settings/settings.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { HttpUrl } from "@/core/http";
import { fieldErrorsOf } from "./field-errors";
import { isProviderKind, PROVIDER_KIND_OPTIONS, providerKindLabel, type ProviderKind } from "./provider-kinds";

export function ProvidersSection({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const { data: providers } = useSuspenseQuery(trpc.settings.providers.list.queryOptions());
  const [editing, setEditing] = useState<ProviderSummary | "new" | null>(null);
  const [deleting, setDeleting] = useState<ProviderSummary | null>(null);

  return (
    <Card
      title="Providers"
      description="Where model calls go. Keys are stored encrypted and never shown again."
      actions={
        canEdit ? (
          <Button size="sm" onClick={() => setEditing("new")}>
            <PlusIcon className="size-3.5" />
            Add provider
          </Button>
        ) : null
      }
    >
      {providers.length === 0 ? (
        <div className="flex flex-col items-center px-5 py-10 text-center">
          <KeyIcon className="mb-3 size-5 text-zinc-400" />
          <p className="text-sm font-medium text-zinc-900">No providers configured</p>
          <p className="mt-1 text-sm text-zinc-500">Everything runs offline on the built-in simulator until you add OpenAI, Anthropic or a compatible server.</p>
        </div>
      ) : (
        <Table aria-label="Providers">
          <thead>
            <tr>
              <Th>Provider</Th>
              <Th>Kind</Th>
              <Th>Base URL</Th>
              <Th>API key</Th>
              {canEdit ? (
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id} data-testid="provider-row">
                <Td>
                  <span className="block font-medium text-zinc-900">{p.name}</span>
                  <code className="font-mono text-xs text-zinc-500">{p.id}</code>
                </Td>
                <Td>
                  <Badge>{providerKindLabel(p.kind)}</Badge>
                </Td>
                <Td className="max-w-64 truncate font-mono text-xs" title={p.baseUrl ?? undefined}>
                  {p.baseUrl ?? <span className="font-sans text-sm text-zinc-400">{p.kind === "simulator" ? "—" : "Default"}</span>}
                </Td>
                <Td>
                  {p.hasApiKey ? (
                    <Badge tone="green">Key set</Badge>
                  ) : p.kind === "simulator" ? (
                    <span className="text-zinc-400">Not needed</span>
                  ) : (
                    <Badge tone="amber">No key</Badge>
                  )}
                </Td>
                {canEdit ? (
                  <Td className="text-right whitespace-nowrap">
                    <div className="inline-flex gap-2">
                      <Button variant="secondary" size="sm" onClick={() => setEditing(p)} aria-label={`Edit ${p.id}`}>
                        Edit
                      </Button>
                      <Button variant="ghost" size="sm" onClick={() => setDeleting(p)} aria-label={`Delete ${p.id}`}>
                        Delete
                      </Button>
                    </div>
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
        A model <code className="font-mono">openai/gpt-4.1</code> is sent to the provider with id <code className="font-mono">openai</code>. The
        simulator is always available as <code className="font-mono">sim</code> (models <code className="font-mono">sim/light-1</code>,{" "}
        <code className="font-mono">sim/mid-1</code>, <code className="font-mono">sim/strong-1</code>) unless a provider here takes that id.
      </p>
      {editing ? (
        <ProviderDialog
          provider={editing === "new" ? null : editing}
          takenIds={providers.map((p) => p.id)}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {deleting ? <DeleteProviderDialog provider={deleting} onClose={() => setDeleting(null)} /> : null}
    </Card>
  );
}

function ProviderDialog({ provider, takenIds, onClose }: { provider: ProviderSummary | null; takenIds: string[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? "openai");
  const [clientError, setClientError] = useState<string | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.providers.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.providers.list.queryKey() });
        onClose();
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(save.error);
  const needsKey = kind === "openai" || kind === "anthropic";
  const keyHint = provider?.hasApiKey
    ? "A key is stored. Leave empty to keep it, or enter a new one to replace it."
    : needsKey
      ? "Stored encrypted. Nobody can read it back here, admins included."
      : "Optional: only if your server asks for one. Stored encrypted, never shown.";

  return (
    <Dialog
      open
      onClose={onClose}
      title={provider ? `Edit provider “${provider.id}”` : "Add provider"}
      description={provider ? "Changes apply to the next model call." : "Models named with this id as their prefix are sent here."}
    >
      <form
        className="space-y-4"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const id = provider?.id ?? String(form.get("id") ?? "").trim();
          if (!provider && takenIds.includes(id)) {
            setClientError(`A provider “${id}” already exists. Edit it instead.`);
            return;
          }
          setClientError(null);
          const baseUrl = String(form.get("baseUrl") ?? "").trim();
          // The same schema as the API: only http(s) URLs (never javascript:, file:, …).
          const url = kind !== "simulator" && baseUrl ? HttpUrl.safeParse(baseUrl) : null;
          setUrlError(url && !url.success ? (url.error.issues[0]?.message ?? "Enter an http:// or https:// URL") : null);
          if (url && !url.success) return;
          const apiKey = String(form.get("apiKey") ?? "");
          save.mutate({
            id,
            kind,
            name: String(form.get("name") ?? "").trim(),
            ...(kind !== "simulator" && baseUrl ? { baseUrl } : {}),
            ...(kind !== "simulator" && apiKey ? { apiKey } : {}),
          });
        }}
      >
        {clientError ? <Alert>{clientError}</Alert> : save.error && !fieldErrors ? <Alert>{save.error.message}</Alert> : null}
        <Field label="Name" htmlFor="provider-name" error={fieldErrors?.name?.[0]}>
          <Input id="provider-name" name="name" required maxLength={100} autoFocus defaultValue={provider?.name} placeholder="OpenAI (production)" />
        </Field>
        <Field label="ID" htmlFor="provider-id" error={fieldErrors?.id?.[0]} hint={provider ? "The id cannot change: models refer to it." : "The prefix in provider/model, e.g. “openai” or “ollama”."}>
          <Input
            id="provider-id"
            name="id"
            required
            readOnly={Boolean(provider)}
            defaultValue={provider?.id}
            placeholder="openai"
            spellCheck={false}
            className="font-mono text-xs read-only:bg-zinc-50"
          />
        </Field>
        <Field label="Kind" htmlFor="provider-kind" error={fieldErrors?.kind?.[0]}>
          <Select
            id="provider-kind"
            name="kind"
            value={kind}
            onChange={(e) => {
              if (isProviderKind(e.target.value)) setKind(e.target.value);
            }}
          >
            {PROVIDER_KIND_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label} — {o.hint}
              </option>
            ))}
          </Select>
        </Field>
        {kind !== "simulator" ? (
          <>
            <Field
              label="Base URL"
              htmlFor="provider-base-url"
              error={urlError ?? fieldErrors?.baseUrl?.[0]}
              hint={kind === "openai-compatible" ? "The server's OpenAI-style API root, e.g. http://localhost:11434/v1." : "Leave empty for the official API."}
            >
              <Input
                id="provider-base-url"
                name="baseUrl"
                type="url"
                required={kind === "openai-compatible"}
                defaultValue={provider?.baseUrl ?? undefined}
                placeholder={kind === "openai-compatible" ? "http://localhost:11434/v1" : "Default"}
                spellCheck={false}
                className="font-mono text-xs"
              />
            </Field>
            <Field label="API key" htmlFor="provider-api-key" error={fieldErrors?.apiKey?.[0]} hint={keyHint}>
              <Input
                id="provider-api-key"
                name="apiKey"
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                placeholder={provider?.hasApiKey ? "•••••••• (stored)" : undefined}
                className="font-mono text-xs"
              />
            </Field>
          </>
        ) : null}
        <DialogActions className="pt-1" onCancel={onClose} busy={save.isPending} busyLabel="Saving…" label={provider ? "Save provider" : "Add provider"} />
      </form>
    </Dialog>
  );
}

function DeleteProviderDialog({ provider, onClose }: { provider: ProviderSummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.settings.providers.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.providers.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete provider “${provider.id}”?`}
      description={`Its stored key is erased. Steps whose model starts with “${provider.id}/” fail on their next call until a provider with this id is added again.`}
    >
      {remove.error ? <Alert className="mb-4">{remove.error.message}</Alert> : null}
      <DialogActions danger onCancel={onClose} onConfirm={() => remove.mutate({ id: provider.id })} busy={remove.isPending} busyLabel="Deleting…" label="Delete provider" />
    </Dialog>
  );
}
