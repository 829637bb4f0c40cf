"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { parseDataset, type DataSchema, type ParsedDataset } from "@/core";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/**
 * Upload a JSONL or CSV file, or take the last N runs' inputs. The file is parsed in the browser
 * with the same core function the server uses, so every row's problem shows before anything is
 * saved or run; the server checks again.
 */
export function DatasetUpload({ slug, inputSchema }: { slug: string; inputSchema: DataSchema }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<{ name: string; text: string; format: "jsonl" | "csv" } | null>(null);
  const [name, setName] = useState("");
  const [last, setLast] = useState(20);
  const preview: ParsedDataset | null = file ? parseDataset(file.text, file.format, inputSchema) : null;
  const create = useMutation(
    trpc.datasets.create.mutationOptions({
      onSuccess: () => {
        setFile(null);
        setName("");
        return queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey({ slug }) });
      },
    }),
  );
  return (
    <div className="space-y-4 px-5 py-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="JSONL or CSV file" htmlFor="ds-file" hint="CSV: a header row of input field names; cells are converted to the field types.">
          <Input
            id="ds-file"
            type="file"
            accept=".jsonl,.ndjson,.csv,.json,text/csv"
            className="h-auto py-1.5"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return setFile(null);
              const text = await f.text();
              setFile({ name: f.name, text, format: /\.csv$/i.test(f.name) ? "csv" : "jsonl" });
              if (!name) setName(f.name.replace(/\.[^.]+$/, ""));
            }}
          />
        </Field>
        <Field label="Dataset name" htmlFor="ds-name">
          <Input id="ds-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        </Field>
      </div>
      {preview ? (
        <div className="text-sm" data-testid="ds-preview">
          <p className="text-zinc-600">
            {file!.format.toUpperCase()}: {preview.inputs.length} valid input{preview.inputs.length === 1 ? "" : "s"}
            {preview.errors.length ? `, ${preview.errors.length} problem${preview.errors.length === 1 ? "" : "s"} to fix first` : ""}.
          </p>
          {preview.errors.length ? (
            <ul className="mt-2 max-h-48 list-disc space-y-0.5 overflow-auto pl-5 text-xs text-red-700" data-testid="ds-row-errors">
              {preview.errors.map((e, i) => (
                <li key={i}>{e.line ? `Line ${e.line}: ${e.message}` : e.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <Button disabled={!preview || preview.errors.length > 0 || !name.trim() || create.isPending} onClick={() => create.mutate({ slug, source: file!.format, name: name.trim(), text: file!.text })}>
          Save dataset
        </Button>
        <span className="text-xs text-zinc-400">or</span>
        <div className="w-28">
          <Field label="Last N runs" htmlFor="ds-last">
            <Input id="ds-last" type="number" min={1} max={1000} className="h-9" value={last} onChange={(e) => setLast(Math.max(1, Math.min(1000, Number(e.target.value) || 1)))} />
          </Field>
        </div>
        <Button variant="secondary" disabled={create.isPending} onClick={() => create.mutate({ slug, source: "runs", name: name.trim() || `Last ${last} runs`, last })}>
          Use past runs&apos; inputs
        </Button>
      </div>
      {create.error ? (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      ) : null}
    </div>
  );
}
