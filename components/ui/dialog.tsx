"use client";

import { useId, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * Modal dialog rendered only while open (parent owns the state). Escape and a click on the
 * backdrop close it; focus starts in the dialog via autoFocus on its first field.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  size = "md",
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  /** `lg` for dialogs that hold a form of many fields (run input); the body scrolls, the page does not. */
  size?: "md" | "lg";
  children: ReactNode;
}) {
  const titleId = useId();
  if (!open) return null;
  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center bg-zinc-950/40 px-4 pt-[8vh] backdrop-blur-[1px]"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={cn(
          "flex max-h-[84vh] w-full flex-col rounded-xl border border-zinc-200 bg-white shadow-xl",
          size === "lg" ? "max-w-2xl" : "max-w-md",
        )}
      >
        <div className="px-5 pt-5">
          <h2 id={titleId} className="text-base font-semibold text-zinc-900">
            {title}
          </h2>
          {description ? <p className="mt-1 text-sm text-zinc-500">{description}</p> : null}
        </div>
        <div className="min-h-0 overflow-y-auto px-5 pt-4 pb-5">{children}</div>
      </div>
    </div>
  );
}
