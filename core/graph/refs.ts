/**
 * References into run state. The same syntax is used inside `{{ ... }}` templates,
 * router sources and condition expressions:
 *   input.ticket.body                 the trigger input
 *   steps.classify.output.category    an upstream step's output
 *   secrets.CRM_TOKEN                 a stored secret (tool headers and URLs only)
 *   output.confidence                 the current step's own output (conditions only)
 * Array elements are addressed as `items.0.sku` or `items[0].sku`.
 */
export type Ref =
  | { root: "input"; path: string[] }
  | { root: "steps"; stepId: string; path: string[] }
  | { root: "secrets"; name: string }
  | { root: "output"; path: string[] };

export type RefParse = { ok: true; ref: Ref } | { ok: false; message: string };

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$|^\d+$/;

export function parseRef(text: string): RefParse {
  const trimmed = text.trim();
  const normalised = trimmed.replace(/\[(\d+)\]/g, ".$1");
  const parts = normalised.split(".");
  if (parts.some((p) => !SEGMENT.test(p))) {
    return { ok: false, message: `"${trimmed}" is not a valid reference (use dotted names like input.ticket.body)` };
  }
  const [root, ...rest] = parts as [string, ...string[]];
  switch (root) {
    case "input":
      return { ok: true, ref: { root: "input", path: rest } };
    case "output":
      return { ok: true, ref: { root: "output", path: rest } };
    case "secrets":
      if (rest.length !== 1) return { ok: false, message: `"${trimmed}" must name one secret: secrets.NAME` };
      return { ok: true, ref: { root: "secrets", name: rest[0]! } };
    case "steps": {
      const [stepId, field, ...path] = rest;
      if (!stepId || field !== "output") {
        return { ok: false, message: `"${trimmed}" must look like steps.<nodeId>.output.<field>` };
      }
      return { ok: true, ref: { root: "steps", stepId, path } };
    }
    default:
      return {
        ok: false,
        message: `"${trimmed}" starts with "${root}"; a reference starts with input, steps, secrets or output`,
      };
  }
}

export function formatRef(ref: Ref): string {
  switch (ref.root) {
    case "secrets":
      return `secrets.${ref.name}`;
    case "steps":
      return ["steps", ref.stepId, "output", ...ref.path].join(".");
    default:
      return [ref.root, ...ref.path].join(".");
  }
}

export interface TemplatePart {
  /** The text between the braces, trimmed. */
  expression: string;
  parsed: RefParse;
}

const TEMPLATE_RE = /\{\{([^{}]*)\}\}/g;

/** Every `{{ ref }}` in a template, in order. Unclosed braces are reported as a parse failure. */
export function templateRefs(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  for (const match of template.matchAll(TEMPLATE_RE)) {
    const expression = (match[1] ?? "").trim();
    parts.push({ expression, parsed: parseRef(expression) });
  }
  const stripped = template.replace(TEMPLATE_RE, "");
  if (stripped.includes("{{") || stripped.includes("}}")) {
    parts.push({ expression: template, parsed: { ok: false, message: "has an unclosed or stray {{ }} pair" } });
  }
  return parts;
}

/** A template that is exactly one reference keeps the referenced value's type when rendered. */
export function wholeRef(template: string): Ref | undefined {
  const match = /^\s*\{\{([^{}]*)\}\}\s*$/.exec(template);
  if (!match) return undefined;
  const parsed = parseRef(match[1] ?? "");
  return parsed.ok ? parsed.ref : undefined;
}

export function renderTemplateString(template: string, lookup: (ref: Ref, expression: string) => string): string {
  return template.replace(TEMPLATE_RE, (_m, inner: string) => {
    const parsed = parseRef(inner);
    if (!parsed.ok) return "";
    return lookup(parsed.ref, inner.trim());
  });
}
