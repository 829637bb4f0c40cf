"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { TierSettings } from "@/server/settings/settings.schema";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { CheckIcon } from "@/components/ui/icons";
import { fieldErrorsOf } from "./field-errors";
import { BUILT_IN_PROVIDER_IDS } from "./provider-kinds";

type Tier = keyof TierSettings;

const TIERS: ReadonlyArray<{ tier: Tier; label: string; hint: string }> = [
  { tier: "light", label: "Light", hint: "Cheap and fast: intake, parsing, classification." },
  { tier: "mid", label: "Mid", hint: "Drafting replies, extraction with judgement, closing steps." },
  { tier: "strong", label: "Strong", hint: "Planning and the hardest reasoning." },
];

/** Tiers resolve when a plan is compiled (core/compiler), so the change is not retroactive. */
const PUBLISH_NOTE = "A process picks up a change when it is next published; published versions keep their models.";

type Draft = Record<Tier, string>;

const toDraft = (tiers: TierSettings): Draft => ({ light: tiers.light ?? "", mid: tiers.mid ?? "", strong: tiers.strong ?? "" });

export function ModelsSection({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: tiers } = useSuspenseQuery(trpc.settings.tiers.get.queryOptions());
  const { data: prices } = useSuspenseQuery(trpc.settings.prices.list.queryOptions());
  const { data: providers } = useSuspenseQuery(trpc.settings.providers.list.queryOptions());
  const [draft, setDraft] = useState<Draft>(() => toDraft(tiers));
  const listId = useId();
  const update = useMutation(
    trpc.settings.tiers.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.settings.tiers.get.queryKey(), saved);
        setDraft(toDraft(saved));
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(update.error);
  const saved = toDraft(tiers);
  const dirty = TIERS.some(({ tier }) => draft[tier].trim() !== saved[tier]);
  const providerIds = new Set<string>([...BUILT_IN_PROVIDER_IDS, ...providers.map((p) => p.id)]);

  /** A non-blocking hint: the server accepts any `provider/model`, but a call to an unknown provider fails at run time. */
  function providerWarning(value: string): string | null {
    const slash = value.indexOf("/");
    if (slash <= 0) return null;
    const id = value.slice(0, slash);
    return providerIds.has(id) ? null : `No provider “${id}” is configured. Add it under Providers, or steps on this tier will fail.`;
  }

  return (
    <Card
      title="Models"
      description="Steps ask for a tier; each tier maps to one model, written as provider/model."
    >
      {canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const value = (tier: Tier) => draft[tier].trim() || undefined;
            update.mutate({ light: value("light"), mid: value("mid"), strong: value("strong") });
          }}
        >
          {update.error && !fieldErrors ? <Alert className="m-5 mb-0">{update.error.message}</Alert> : null}
          <div className="divide-y divide-zinc-100">
            {TIERS.map(({ tier, label, hint }) => {
              const error = fieldErrors?.[tier]?.[0];
              const warning = error ? null : providerWarning(draft[tier].trim());
              const inputId = `tier-${tier}`;
              return (
                <div key={tier} className="grid grid-cols-1 gap-2 px-5 py-4 sm:grid-cols-[14rem_1fr] sm:gap-6">
                  <div>
                    <label htmlFor={inputId} className="text-sm font-medium text-zinc-900">
                      {label}
                    </label>
                    <p className="mt-0.5 text-xs text-zinc-500">{hint}</p>
                  </div>
                  <div>
                    <Input
                      id={inputId}
                      name={tier}
                      list={listId}
                      value={draft[tier]}
                      onChange={(e) => {
                        setDraft({ ...draft, [tier]: e.target.value });
                        // A server message describes the value that was sent, not the one being typed.
                        if (update.error) update.reset();
                      }}
                      placeholder="e.g. openai/gpt-4.1-mini"
                      autoComplete="off"
                      spellCheck={false}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error || warning ? `${inputId}-note` : undefined}
                      className="font-mono text-xs"
                    />
                    {error ? (
                      <p id={`${inputId}-note`} className="mt-1.5 text-xs text-red-600">
                        {error}
                      </p>
                    ) : warning ? (
                      <p id={`${inputId}-note`} className="mt-1.5 text-xs text-amber-700">
                        {warning}
                      </p>
                    ) : !draft[tier].trim() ? (
                      <p className="mt-1.5 text-xs text-zinc-500">Not set: steps on this tier will not validate until it is.</p>
                    ) : null}
                  </div>
                </div>
              );
            })}
          </div>
          <datalist id={listId}>
            {prices.map((p) => (
              <option key={p.model} value={p.model} />
            ))}
          </datalist>
          <div className="flex flex-wrap items-center justify-end gap-3 border-t border-zinc-200 px-5 py-3">
            <p className="mr-auto text-xs text-zinc-500">{PUBLISH_NOTE}</p>
            {update.isSuccess && !dirty ? (
              <span role="status" className="inline-flex items-center gap-1 text-xs text-emerald-700">
                <CheckIcon className="size-3.5" />
                Saved
              </span>
            ) : null}
            <Button
              variant="secondary"
              size="sm"
              disabled={!dirty || update.isPending}
              onClick={() => {
                setDraft(saved);
                update.reset();
              }}
            >
              Discard
            </Button>
            <Button type="submit" size="sm" disabled={!dirty || update.isPending}>
              {update.isPending ? "Saving…" : "Save models"}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <dl className="divide-y divide-zinc-100">
            {TIERS.map(({ tier, label, hint }) => (
              <div key={tier} className="grid grid-cols-1 gap-1 px-5 py-3 sm:grid-cols-[14rem_1fr] sm:gap-6">
                <dt>
                  <span className="text-sm font-medium text-zinc-900">{label}</span>
                  <span className="block text-xs text-zinc-500">{hint}</span>
                </dt>
                <dd className="self-center">
                  {tiers[tier] ? (
                    <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">{tiers[tier]}</code>
                  ) : (
                    <span className="text-zinc-400">Not set</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">{PUBLISH_NOTE} Admins change these mappings.</p>
        </>
      )}
    </Card>
  );
}
