"use client";

import { DialogActions } from "@/components/ui/dialog-actions";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { PlusIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "./format";
import { isRole, ROLE_OPTIONS } from "./roles";

export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: users } = useSuspenseQuery(trpc.users.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );

  return (
    <Card
      title="Users"
      description="People who can sign in. Public sign-up is off: admins add users here."
      actions={
        <Button size="sm" onClick={() => setAdding(true)}>
          <PlusIcon className="size-3.5" />
          Add user
        </Button>
      }
    >
      {update.error ? <Alert className="m-5 mb-0">{update.error.message}</Alert> : null}
      <Table aria-label="Users">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Email</Th>
            <Th>Role</Th>
            <Th>Added</Th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row">
              <Td className="font-medium text-zinc-900">
                {u.name}
                {u.id === currentUserId ? <span className="ml-2"><Badge tone="blue">you</Badge></span> : null}
              </Td>
              <Td>{u.email}</Td>
              <Td>
                <Select
                  aria-label={`Role of ${u.email}`}
                  className="h-8 w-36"
                  value={u.role}
                  disabled={update.isPending}
                  onChange={(e) => {
                    const role = e.target.value;
                    if (isRole(role)) update.mutate({ id: u.id, data: { role } });
                  }}
                >
                  {ROLE_OPTIONS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              </Td>
              <Td suppressHydrationWarning>{formatDateTime(u.createdAt)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {adding ? <AddUserDialog onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}

function AddUserDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onClose();
      },
    }),
  );
  const fieldErrors = create.error?.data?.fieldErrors as Record<string, string[] | undefined> | null | undefined;

  return (
    <Dialog open onClose={onClose} title="Add user" description="Share the password with them over a safe channel.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const role = String(form.get("role"));
          create.mutate({
            email: String(form.get("email") ?? ""),
            name: String(form.get("name") ?? ""),
            password: String(form.get("password") ?? ""),
            role: isRole(role) ? role : "operator",
          });
        }}
      >
        {create.error && !fieldErrors ? <Alert>{create.error.message}</Alert> : null}
        <Field label="Email" htmlFor="user-email" error={fieldErrors?.email?.[0]}>
          <Input id="user-email" name="email" type="email" required autoFocus autoComplete="off" />
        </Field>
        <Field label="Name" htmlFor="user-name" error={fieldErrors?.name?.[0]}>
          <Input id="user-name" name="name" required autoComplete="off" />
        </Field>
        <Field label="Role" htmlFor="user-role">
          <Select id="user-role" name="role" defaultValue="operator">
            {ROLE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label} — {o.hint}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Initial password" htmlFor="user-password" error={fieldErrors?.password?.[0]} hint="At least 8 characters.">
          <Input id="user-password" name="password" type="password" required minLength={8} autoComplete="new-password" />
        </Field>
        <DialogActions className="pt-1" onCancel={onClose} busy={create.isPending} busyLabel="Adding…" label="Add user" />
      </form>
    </Dialog>
  );
}
