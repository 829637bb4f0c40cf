"use client";

import { DialogActions } from "@/components/ui/dialog-actions";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PriceRowOutput } from "@/server/settings/settings.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { CheckIcon, PlusIcon } from "@/components/ui/icons";
import { Table, Td, Th } from "@/components/ui/table";
import { fieldErrorsOf } from "./field-errors";
import { formatUsd } from "./format";

const PRICE_FIELDS = [
  { key: "inputPerM", label: "Input" },
  { key: "cachedInputPerM", label: "Cached input" },
  { key: "outputPerM", label: "Output" },
] as const;

type PriceKey = (typeof PRICE_FIELDS)[number]["key"];

/** An empty or non-numeric field becomes NaN, which the server rejects with a field error. */
const readPrice = (form: FormData, key: string) => {
  const raw = String(form.get(key) ?? "").trim();
  return raw === "" ? Number.NaN : Number(raw);
};

/** Seeded simulator rows copy a real model's price so offline runs show realistic costs. */
function SourceBadge({ row }: { row: PriceRowOutput }) {
  if (row.source === "user") return <Badge tone="blue">Edited</Badge>;
  if (row.source === "seed" && row.model.startsWith("sim/"))
    return (
      <span title="Priced like the real model of its tier, so offline runs show realistic costs.">
        <Badge>Simulator</Badge>
      </span>
    );
  if (row.source === "seed") return <Badge>Public list price</Badge>;
  return <Badge>{row.source}</Badge>;
}

/** When the price was checked (seed) or edited, linked to the vendor's page it was read from. */
function AsOf({ row }: { row: PriceRowOutput }) {
  if (!row.asOf) return <span className="ml-1.5 text-xs text-amber-700">date unknown</span>;
  const text = `${row.source === "user" ? "edited" : "as of"} ${row.asOf}`;
  return (
    <span className="ml-1.5 text-xs text-zinc-500" data-testid="price-as-of">
      {row.sourceUrl ? (
        <a href={row.sourceUrl} target="_blank" rel="noreferrer" className="hover:underline" title="The vendor's published price this row was checked against">
          {text}
        </a>
      ) : (
        text
      )}
    </span>
  );
}

export function PricesSection({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const { data: prices } = useSuspenseQuery(trpc.settings.prices.list.queryOptions());
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [lastSaved, setLastSaved] = useState<string | null>(null);

  return (
    <Card
      title="Price table"
      description="USD per million tokens, used for run costs and budget checks."
      actions={
        canEdit ? (
          <Button size="sm" onClick={() => setAdding(true)}>
            <PlusIcon className="size-3.5" />
            Add model
          </Button>
        ) : null
      }
    >
      <p className="border-b border-zinc-200 px-5 py-2.5 text-xs text-zinc-500">
        Changes apply to runs started after you save: a run copies this table when it starts, so runs in flight and costs already recorded keep their
        prices.
      </p>
      {lastSaved ? (
        <div role="status" className="flex items-center gap-1.5 border-b border-emerald-100 bg-emerald-50/60 px-5 py-2 text-xs text-emerald-800">
          <CheckIcon className="size-3.5" />
          Saved the price of <code className="font-mono">{lastSaved}</code>. New runs use it from now on.
        </div>
      ) : null}
      <Table aria-label="Price table">
        <thead>
          <tr>
            <Th>Model</Th>
            {PRICE_FIELDS.map((f) => (
              <Th key={f.key} className="text-right">
                {f.label}
                <span className="block font-normal text-zinc-400">USD / 1M tokens</span>
              </Th>
            ))}
            <Th>Source</Th>
            {canEdit ? (
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {prices.map((row) =>
            editing === row.model ? (
              <EditPriceRow
                key={row.model}
                row={row}
                onCancel={() => setEditing(null)}
                onSaved={() => {
                  setEditing(null);
                  setLastSaved(row.model);
                }}
              />
            ) : (
              <tr key={row.model} data-testid="price-row">
                <Td className="font-mono text-xs whitespace-nowrap text-zinc-900">{row.model}</Td>
                {PRICE_FIELDS.map((f) => (
                  <Td key={f.key} className="text-right tabular-nums">
                    {formatUsd(row[f.key])}
                  </Td>
                ))}
                <Td className="whitespace-nowrap">
                  <SourceBadge row={row} />
                  <AsOf row={row} />
                </Td>
                {canEdit ? (
                  <Td className="text-right">
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={editing !== null}
                      onClick={() => {
                        setEditing(row.model);
                        setLastSaved(null);
                      }}
                      aria-label={`Edit prices of ${row.model}`}
                    >
                      Edit
                    </Button>
                  </Td>
                ) : null}
              </tr>
            ),
          )}
        </tbody>
      </Table>
      {adding ? (
        <AddPriceDialog
          takenModels={prices.map((p) => p.model)}
          onClose={() => setAdding(false)}
          onSaved={(model) => {
            setAdding(false);
            setLastSaved(model);
          }}
        />
      ) : null}
    </Card>
  );
}

function EditPriceRow({ row, onCancel, onSaved }: { row: PriceRowOutput; onCancel: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formId = `price-${row.model}`;
  const save = useMutation(
    trpc.settings.prices.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.prices.list.queryKey() });
        onSaved();
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(save.error);
  const errors = save.error ? (fieldErrors ? PRICE_FIELDS.flatMap((f) => (fieldErrors[f.key] ?? []).map((m) => `${f.label}: ${m}`)) : [save.error.message]) : [];

  return (
    <>
      <tr data-testid="price-row" data-editing="true" className="bg-zinc-50/60">
        <Td className="font-mono text-xs whitespace-nowrap text-zinc-900">
          {row.model}
          {/* The form sits in one cell; the inputs in the other cells join it through form=. */}
          <form
            id={formId}
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              save.mutate({
                model: row.model,
                inputPerM: readPrice(form, "inputPerM"),
                cachedInputPerM: readPrice(form, "cachedInputPerM"),
                outputPerM: readPrice(form, "outputPerM"),
              });
            }}
            onKeyDown={(e) => {
              if (e.key === "Escape") onCancel();
            }}
          />
        </Td>
        {PRICE_FIELDS.map((f, i) => (
          <Td key={f.key} className="py-2 text-right">
            <Input
              form={formId}
              name={f.key}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              required
              autoFocus={i === 0}
              defaultValue={row[f.key]}
              aria-label={`${f.label} price of ${row.model}`}
              aria-invalid={fieldErrors?.[f.key] ? true : undefined}
              onKeyDown={(e) => {
                if (e.key === "Escape") onCancel();
              }}
              className="ml-auto h-8 w-28 text-right tabular-nums"
            />
          </Td>
        ))}
        <Td>
          <SourceBadge row={row} />
        </Td>
        <Td className="py-2 text-right whitespace-nowrap">
          <div className="inline-flex gap-2">
            <Button variant="ghost" size="sm" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" form={formId} size="sm" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        </Td>
      </tr>
      {errors.length > 0 ? (
        <tr>
          <td colSpan={6} className="border-b border-zinc-100 px-5 pb-3">
            <Alert>{errors.join(" ")}</Alert>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function AddPriceDialog({ takenModels, onClose, onSaved }: { takenModels: string[]; onClose: () => void; onSaved: (model: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [clientError, setClientError] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.prices.update.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.settings.prices.list.queryKey() });
        onSaved(saved.model);
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(save.error);

  return (
    <Dialog open onClose={onClose} title="Add model" description="Prices in USD per million tokens, from the provider's pricing page.">
      <form
        className="space-y-4"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const model = String(form.get("model") ?? "").trim();
          if (takenModels.includes(model)) {
            setClientError(`“${model}” is already in the table. Edit its row instead.`);
            return;
          }
          setClientError(null);
          const inputPerM = readPrice(form, "inputPerM");
          const cached = String(form.get("cachedInputPerM") ?? "").trim();
          save.mutate({
            model,
            inputPerM,
            // No cache discount stated: cached reads cost what fresh input costs.
            cachedInputPerM: cached === "" ? inputPerM : Number(cached),
            outputPerM: readPrice(form, "outputPerM"),
          });
        }}
      >
        {clientError ? <Alert>{clientError}</Alert> : save.error && !fieldErrors ? <Alert>{save.error.message}</Alert> : null}
        <Field label="Model" htmlFor="price-model" error={fieldErrors?.model?.[0]} hint="As steps name it: provider/model, e.g. openai/gpt-4.1-mini.">
          <Input id="price-model" name="model" required autoFocus placeholder="openai/gpt-4.1-mini" spellCheck={false} className="font-mono text-xs" />
        </Field>
        <div className="grid grid-cols-3 gap-3">
          {PRICE_FIELDS.map((f) => (
            <PriceField key={f.key} field={f.key} label={f.label} error={fieldErrors?.[f.key]?.[0]} required={f.key !== "cachedInputPerM"} />
          ))}
        </div>
        <p className="text-xs text-zinc-500">Leave cached input empty if the model has no prompt-cache discount.</p>
        <DialogActions className="pt-1" onCancel={onClose} busy={save.isPending} busyLabel="Adding…" label="Add model" />
      </form>
    </Dialog>
  );
}

function PriceField({ field, label, error, required }: { field: PriceKey; label: string; error?: string; required: boolean }) {
  const id = `price-new-${field}`;
  return (
    <Field label={label} htmlFor={id} error={error}>
      <Input id={id} name={field} type="number" inputMode="decimal" min={0} step="any" required={required} placeholder="0.00" className="tabular-nums" />
    </Field>
  );
}
