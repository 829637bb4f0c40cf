"use client";

import { getViewportForBounds, useStoreApi, type Rect, type Viewport } from "@xyflow/react";
import { useEffect } from "react";

/**
 * Where a canvas opens. Fit view, but never below FIT.minZoom (further out, level of detail hides
 * handles and text). A graph too wide (or tall) to fit at that floor opens with its trigger (else
 * its left edge) in view rather than on its middle: that is where a process is read from.
 */
export const FIT = { padding: 0.15, maxZoom: 1, minZoom: 0.5 } as const;
const EDGE_PX = 40;

export function openingViewport(
  boxes: ReadonlyArray<Rect & { trigger?: boolean }>,
  size: { width: number; height: number },
  fit: { padding: number; maxZoom: number; minZoom: number } = FIT,
): Viewport | null {
  if (!boxes.length || !size.width || !size.height) return null;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const bounds = { x: x0, y: y0, width: Math.max(...boxes.map((b) => b.x + b.width)) - x0, height: Math.max(...boxes.map((b) => b.y + b.height)) - y0 };
  const wanted = getViewportForBounds(bounds, size.width, size.height, 0, fit.maxZoom, fit.padding);
  if (wanted.zoom >= fit.minZoom) return null; // fits: the ordinary fit view is right
  const zoom = fit.minZoom;
  const anchor = boxes.find((b) => b.trigger) ?? boxes.reduce((a, b) => (b.x < a.x ? b : a));
  const fitsAcross = bounds.width * zoom + 2 * EDGE_PX <= size.width;
  const fitsDown = bounds.height * zoom + 2 * EDGE_PX <= size.height;
  return {
    zoom,
    x: fitsAcross ? size.width / 2 - (bounds.x + bounds.width / 2) * zoom : EDGE_PX - Math.min(anchor.x, bounds.x + bounds.width - size.width / zoom) * zoom,
    y: fitsDown ? size.height / 2 - (bounds.y + bounds.height / 2) * zoom : size.height / 2 - (anchor.y + anchor.height / 2) * zoom,
  };
}

/** Once, after React Flow's own fit view on open: move to `openingViewport` when the graph does not fit. */
export function useOpeningView() {
  const store = useStoreApi();
  useEffect(() => {
    let done = false;
    const apply = () => {
      const { nodeLookup, width, height, panZoom } = store.getState();
      const boxes = [...nodeLookup.values()]
        .filter((n) => n.measured.width && n.measured.height && n.type !== "note")
        .map((n) => ({ ...n.internals.positionAbsolute, width: n.measured.width!, height: n.measured.height!, trigger: n.type === "trigger" }));
      const view = openingViewport(boxes, { width, height });
      if (view) void panZoom?.setViewport(view);
    };
    const unsubscribe = store.subscribe((state, prev) => {
      if (done || !prev.fitViewQueued || state.fitViewQueued) return;
      done = true;
      unsubscribe();
      requestAnimationFrame(apply);
    });
    // The fit view is queued by React Flow before this effect runs; if it has already been done
    // (measured sooner than this subscription), apply now.
    if (!store.getState().fitViewQueued && store.getState().panZoom) {
      done = true;
      unsubscribe();
      requestAnimationFrame(apply);
    }
    return () => {
      done = true;
      unsubscribe();
    };
  }, [store]);
}
