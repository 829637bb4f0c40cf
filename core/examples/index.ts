import type { ValidationContext } from "../validation/diagnostic";
import { invoiceReconciliation } from "./invoice-reconciliation";
import { orchestratedTask } from "./orchestrated-task";
import { supportTriage } from "./support-triage";

export { invoiceReconciliation, orchestratedTask, supportTriage };

/** The seeded processes, by slug. */
export const exampleGraphs = {
  "orchestrated-task": orchestratedTask,
  "support-triage": supportTriage,
  "invoice-reconciliation": invoiceReconciliation,
} as const;

/** A context under which every example validates with zero errors. */
export const exampleContext: ValidationContext = {
  tiers: { light: "openai/gpt-4.1-mini", mid: "anthropic/claude-sonnet-4-5", strong: "openai/gpt-5" },
  secrets: ["AGENTS_TOKEN", "ERP_TOKEN", "HELPDESK_TOKEN"],
  // Where each example secret may go: the examples' own (simulated, RFC 2606) hosts.
  secretScopes: {
    AGENTS_TOKEN: ["agents.example.com"],
    ERP_TOKEN: ["https://erp.example.com/api/"],
    HELPDESK_TOKEN: ["helpdesk.example.com"],
  },
};
