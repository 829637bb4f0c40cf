"use client";

import { useEffect, useState } from "react";

export type LiveMode = "stream" | "polling" | "ended";

/**
 * Follows a run by Server-Sent Events (`/api/runs/{runId}/events`) while it is not finished,
 * calling `onChange` on every change; if the stream cannot be used (no EventSource, or it fails
 * and does not come back) the mode turns to "polling" and the caller polls instead.
 */
export function useRunEvents(runId: string, finished: boolean, onChange: () => void): LiveMode {
  const [mode, setMode] = useState<LiveMode>(finished ? "ended" : "stream");
  useEffect(() => {
    if (finished) {
      setMode("ended");
      return;
    }
    if (typeof EventSource === "undefined") {
      setMode("polling");
      return;
    }
    const source = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    let failures = 0;
    source.addEventListener("open", () => {
      failures = 0;
      setMode("stream");
    });
    source.addEventListener("run", () => onChange());
    source.addEventListener("end", () => {
      source.close();
      onChange();
      setMode("ended");
    });
    source.addEventListener("error", () => {
      // EventSource reconnects by itself; after repeated failures poll instead.
      failures += 1;
      if (failures >= 3 || source.readyState === EventSource.CLOSED) {
        source.close();
        setMode("polling");
      }
    });
    return () => source.close();
  }, [runId, finished, onChange]);
  return mode;
}
