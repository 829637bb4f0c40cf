import type { ReactNode } from "react";
import { cn } from "./cn";
import { AlertIcon } from "./icons";

export function Alert({
  tone = "error",
  title,
  children,
  className,
}: {
  tone?: "error" | "warning" | "info";
  title?: string;
  children?: ReactNode;
  className?: string;
}) {
  const tones = {
    error: "border-red-200 bg-red-50 text-red-800",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
    info: "border-zinc-200 bg-zinc-50 text-zinc-700",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("flex gap-2.5 rounded-md border px-3 py-2.5 text-sm", tones[tone], className)}>
      <AlertIcon className="mt-0.5 size-4 shrink-0" />
      <div className="space-y-0.5">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
