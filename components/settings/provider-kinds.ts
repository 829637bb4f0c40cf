import type { ProviderSummary } from "@/server/settings/settings.schema";

export type ProviderKind = ProviderSummary["kind"];

/** Provider kinds for forms (the server validates against the same enum). */
export const PROVIDER_KIND_OPTIONS = [
  { value: "openai", label: "OpenAI", hint: "api.openai.com, structured outputs" },
  { value: "anthropic", label: "Anthropic", hint: "api.anthropic.com, tool-use outputs" },
  { value: "openai-compatible", label: "OpenAI-compatible", hint: "Ollama, vLLM, LiteLLM, OpenRouter" },
  { value: "simulator", label: "Simulator", hint: "Deterministic offline outputs, no key" },
] as const satisfies ReadonlyArray<{ value: ProviderKind; label: string; hint: string }>;

export function isProviderKind(value: string): value is ProviderKind {
  return PROVIDER_KIND_OPTIONS.some((o) => o.value === value);
}

export function providerKindLabel(kind: ProviderKind): string {
  return PROVIDER_KIND_OPTIONS.find((o) => o.value === kind)?.label ?? kind;
}

/**
 * Provider ids that exist without a row: the runtime always registers the simulator as `sim`
 * (server/providers/registry's defaults) unless a configured provider takes that id.
 */
export const BUILT_IN_PROVIDER_IDS = ["sim"] as const;
