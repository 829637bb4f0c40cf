"use client";

import { DialogActions } from "@/components/ui/dialog-actions";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ApiKeySummary } from "@/server/api-keys/api-keys.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { formatDateTime } from "./format";

export function ApiKeysSection() {
  const trpc = useTRPC();
  const { data: keys } = useSuspenseQuery(trpc.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);

  return (
    <Card
      title="API keys"
      description="Keys authenticate calls to Baton's REST API. Each key acts with the role it was given."
      actions={
        <Button size="sm" onClick={() => setCreating(true)}>
          <PlusIcon className="size-3.5" />
          Create API key
        </Button>
      }
    >
      {keys.length === 0 ? (
        <div className="flex flex-col items-center px-5 py-10 text-center">
          <KeyIcon className="mb-3 size-5 text-zinc-400" />
          <p className="text-sm font-medium text-zinc-900">No API keys yet</p>
          <p className="mt-1 text-sm text-zinc-500">Create one to trigger processes or work the inbox from another system.</p>
        </div>
      ) : (
        <Table aria-label="API keys">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Role</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-testid="api-key-row" className={key.revokedAt ? "opacity-60" : undefined}>
                <Td className="font-medium text-zinc-900">{key.name}</Td>
                <Td>
                  <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{key.prefix}…</code>
                </Td>
                <Td>
                  <Badge>{key.role}</Badge>
                </Td>
                <Td>
                  <time dateTime={key.createdAt.toISOString()} suppressHydrationWarning>
                    {formatDateTime(key.createdAt)}
                  </time>
                  {key.createdByEmail ? <span className="block text-xs text-zinc-400">by {key.createdByEmail}</span> : null}
                </Td>
                <Td suppressHydrationWarning>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : <span className="text-zinc-400">Never</span>}</Td>
                <Td className="text-right">
                  {key.revokedAt ? (
                    <Badge tone="red">Revoked</Badge>
                  ) : (
                    <Button variant="secondary" size="sm" onClick={() => setRevoking(key)}>
                      Revoke
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {creating ? <CreateApiKeyDialog onClose={() => setCreating(false)} /> : null}
      {revoking ? <RevokeApiKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} /> : null}
    </Card>
  );
}

function RevokeApiKeyDialog({ apiKey, onClose }: { apiKey: ApiKeySummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Revoke “${apiKey.name}”?`}
      description="Anything using this key stops working immediately. This cannot be undone."
    >
      {revoke.error ? <Alert className="mb-4">{revoke.error.message}</Alert> : null}
      <DialogActions danger onCancel={onClose} onConfirm={() => revoke.mutate({ id: apiKey.id })} busy={revoke.isPending} busyLabel="Revoking…" label="Revoke key" />
    </Dialog>
  );
}
