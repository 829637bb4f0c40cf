import type { ReactNode } from "react";

/**
 * A JSON value read as a case file: object keys become labels ("customerEmail" → "Customer email"),
 * nested objects indent, arrays list their items, long text wraps. The raw JSON stays available
 * elsewhere on the page for anyone who wants it.
 */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

export function ValueFields({ value, testId, empty = "Nothing" }: { value: unknown; testId?: string; empty?: string }) {
  return (
    <div data-testid={testId} className="min-w-0 text-sm">
      {isEmpty(value) ? <p className="text-zinc-400">{empty}</p> : <Value value={value} depth={0} />}
    </div>
  );
}

function isEmpty(value: unknown) {
  return value === null || value === undefined || (typeof value === "object" && Object.keys(value as object).length === 0);
}

function Value({ value, depth }: { value: unknown; depth: number }): ReactNode {
  if (value === null || value === undefined) return <span className="text-zinc-400">—</span>;
  if (typeof value === "boolean") return <span>{value ? "Yes" : "No"}</span>;
  if (typeof value === "number") return <span className="tabular-nums">{value}</span>;
  if (typeof value === "string") return value === "" ? <span className="text-zinc-400">(empty)</span> : <span className="whitespace-pre-wrap break-words">{value}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-zinc-400">(none)</span>;
    return (
      <ol className="list-decimal space-y-1 pl-5">
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (depth > 4) return <code className="break-all font-mono text-xs">{JSON.stringify(value)}</code>;
  return (
    <dl className={depth === 0 ? "grid gap-x-6 gap-y-3 sm:grid-cols-[minmax(8rem,max-content)_1fr]" : "mt-1 grid gap-x-4 gap-y-1.5 border-l border-zinc-200 pl-3 sm:grid-cols-[minmax(6rem,max-content)_1fr]"}>
      {entries.map(([k, v]) => (
        <div key={k} className="contents" data-field={k}>
          <dt className="text-xs font-medium text-zinc-500 sm:pt-0.5" title={k}>
            {humanizeKey(k)}
          </dt>
          <dd className="min-w-0 text-zinc-900">
            <Value value={v} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
