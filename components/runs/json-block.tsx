import { cn } from "@/components/ui/cn";
import { prettyJson } from "./format";

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
  const text = value === null || value === undefined ? "" : prettyJson(value);
  return (
    <details open={open && Boolean(text)} className={cn("group rounded-md border border-zinc-200 bg-white", className)} data-testid={testId}>
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-3 py-2 text-xs font-medium text-zinc-700 select-none hover:bg-zinc-50">
        <span>{label}</span>
        <span className="text-zinc-400 group-open:rotate-90 transition-transform" aria-hidden="true">
          ›
        </span>
      </summary>
      {text ? (
        <pre className="max-h-96 overflow-auto border-t whitespace-pre-wrap break-words border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs leading-relaxed text-zinc-800">{text}</pre>
      ) : (
        <p className="border-t border-zinc-200 px-3 py-2 text-xs text-zinc-400">{empty}</p>
      )}
    </details>
  );
}
