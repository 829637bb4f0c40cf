"use client";

import { useEffect } from "react";

export const LEAVE_MESSAGE = "Leave the designer? Changes that are not saved yet will be lost.";

/**
 * While `dirty` (an edit not saved yet: waiting, saving, failed or refused), leaving asks first:
 * closing or reloading the tab through `beforeunload`, and links inside the app (the shell's
 * navigation, Next's <Link>) through a click listener that runs before React's: a "Stay" stops
 * the click before Next's router sees it.
 */
export function useLeaveGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = LEAVE_MESSAGE; // older Chromium needs a value to show the dialog
    };
    const click = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
      const to = new URL(link.href, location.href);
      if (to.origin !== location.origin || (to.pathname === location.pathname && to.search === location.search)) return;
      if (window.confirm(LEAVE_MESSAGE)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", click, true);
    };
  }, [dirty]);
}
