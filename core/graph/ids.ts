import { z } from "zod";

/**
 * Node and edge ids become Inngest step ids (`classify`, `draft#2`, `call-api/retry-1`),
 * so they may not contain the separators the interpreter adds, nor dots (used by refs).
 */
export const NodeId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
    message: "Use letters, digits, - and _ (starting with a letter) for ids",
  })
  .max(64);

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Use a kebab-case slug like "support-triage"' })
  .max(64);
