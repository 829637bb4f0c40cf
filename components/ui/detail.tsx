import type { ReactNode } from "react";

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

/** One labelled value in a detail page's description list (`<dl>`). */
export function DetailItem({ label, children, numeric = false }: { label: string; children: ReactNode; numeric?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className={numeric ? "mt-1 text-zinc-900 tabular-nums" : "mt-1 text-zinc-900"}>{children}</dd>
    </div>
  );
}

/** A timestamp rendered the same on server and client (locale-independent format). */
export function DateTimeText({ value }: { value: Date }) {
  return (
    <time dateTime={value.toISOString()} suppressHydrationWarning>
      {dateTime.format(value)}
    </time>
  );
}
