import { createLoader, parseAsString } from "nuqs/server";

/** `/calculator?process=…&version=…&dataset=…` (version: a number or "draft"; default the latest; dataset: a dsr_… whose results feed the projection). */
export const calculatorSearchParams = { process: parseAsString, version: parseAsString, dataset: parseAsString };
export const loadCalculatorSearchParams = createLoader(calculatorSearchParams);

export function calculatorInputOf(slug: string, version: string | null) {
  if (version === "draft") return { slug, version: "draft" as const };
  const n = version ? Number(version) : NaN;
  return Number.isInteger(n) && n > 0 ? { slug, version: n } : { slug };
}
