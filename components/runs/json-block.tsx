import { cn } from "@/components/ui/cn";
import { formatInt, prettyJson } from "./format";

/** Values longer than this show a preview first; the rest opens on request. */
export const JSON_PREVIEW_CHARS = 4000;

// `overflow-wrap: anywhere` (not just break-words) so one unbroken 200k-character string wraps
// inside a table cell or a flex child instead of widening the page to its length.
const preClass = "max-h-96 min-w-0 max-w-full overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] bg-zinc-50 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800";

/** A collapsible, pretty-printed JSON value (native <details>: no client state needed). */
export function JsonBlock({
  label,
  value,
  open = false,
  empty = "None",
  className,
  testId,
}: {
  label: string;
  value: unknown;
  open?: boolean;
  empty?: string;
  className?: string;
  testId?: string;
}) {
  const text = value === null || value === undefined ? "" : typeof value === "string" && label.toLowerCase().includes("prompt") ? value : prettyJson(value);
  const large = text.length > JSON_PREVIEW_CHARS;
  return (
    <details open={open && Boolean(text)} className={cn("group min-w-0 max-w-full rounded-md border border-zinc-200 bg-white", className)} data-testid={testId}>
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-3 py-2 text-xs font-medium text-zinc-700 select-none hover:bg-zinc-50">
        <span>
          {label}
          {large ? <span className="ml-1.5 font-normal text-zinc-400">{formatInt(text.length)} characters</span> : null}
        </span>
        <span className="text-zinc-400 group-open:rotate-90 transition-transform" aria-hidden="true">
          ›
        </span>
      </summary>
      {!text ? (
        <p className="border-t border-zinc-200 px-3 py-2 text-xs text-zinc-400">{empty}</p>
      ) : large ? (
        <div className="border-t border-zinc-200">
          <pre className={preClass} data-testid="json-preview">
            {text.slice(0, JSON_PREVIEW_CHARS)}…
          </pre>
          <details className="border-t border-zinc-200">
            <summary className="cursor-pointer px-3 py-1.5 text-xs text-sky-700 hover:underline">Show all {formatInt(text.length)} characters</summary>
            <pre className={preClass}>{text}</pre>
          </details>
        </div>
      ) : (
        <pre className={cn(preClass, "border-t border-zinc-200")}>{text}</pre>
      )}
    </details>
  );
}
