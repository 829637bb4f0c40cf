"use client";

import { useCallback, useSyncExternalStore } from "react";

/** "Go to the next item after deciding": a per-browser preference, on by default. */
const KEY = "baton.inbox.autoAdvance";
const listeners = new Set<() => void>();

function subscribe(cb: () => void) {
  listeners.add(cb);
  window.addEventListener("storage", cb);
  return () => {
    listeners.delete(cb);
    window.removeEventListener("storage", cb);
  };
}

export function useAutoAdvance(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(KEY) !== "off",
    () => true,
  );
  const set = useCallback((next: boolean) => {
    window.localStorage.setItem(KEY, next ? "on" : "off");
    for (const l of listeners) l();
  }, []);
  return [on, set];
}
