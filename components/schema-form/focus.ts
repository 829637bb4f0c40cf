"use client";

import { useEffect, type RefObject } from "react";

/** Moves focus to the first field the contract flagged, after the errors have rendered. */
export function focusFirstInvalid(container: HTMLElement | null) {
  requestAnimationFrame(() => container?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/** Focus starts on a dialog form's first control (the fields are generated, so no autoFocus prop to set). */
export function useFocusFirstControl(form: RefObject<HTMLFormElement | null>) {
  useEffect(() => {
    form.current?.querySelector<HTMLElement>("input:not([disabled]), select:not([disabled]), textarea:not([disabled])")?.focus();
  }, [form]);
}
