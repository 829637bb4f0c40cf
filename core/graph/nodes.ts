import { z } from "zod";
import { DataSchema } from "../contracts/data-schema";
import { Duration } from "./duration";
import { NodeId, Slug } from "./ids";
import { ModelChoice } from "./model-choice";
import { Role, StepPolicy } from "./policy";

/**
 * Values built from run state: each key is a (dotted) field of the target object and each
 * value a template. A template that is exactly one `{{ ref }}` keeps the referenced type;
 * anything else renders to a string.
 */
export const Mapping = z.record(z.string().min(1), z.string());
export type Mapping = z.infer<typeof Mapping>;

const base = {
  id: NodeId,
  name: z.string().min(1),
  description: z.string().optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
  policy: StepPolicy.optional(),
};

export const TriggerNode = z.strictObject({
  ...base,
  kind: z.literal("trigger"),
  inputSchema: DataSchema,
});

export const LlmTask = z.enum(["classify", "extract", "generate", "plan"]);
export type LlmTask = z.infer<typeof LlmTask>;

export const LlmNode = z.strictObject({
  ...base,
  kind: z.literal("llm"),
  task: LlmTask,
  system: z.string().optional(),
  prompt: z.string().min(1),
  outputSchema: DataSchema,
  model: ModelChoice,
  fallbacks: z.array(ModelChoice).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
});

export const HttpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** The typed contract of an HTTP tool (an agent, a CRM, an ERP endpoint). */
export const ToolContract = z.strictObject({
  name: z.string().optional(),
  method: HttpMethod,
  /** Template over run state, e.g. `https://erp.example.com/po/{{ steps.extract.output.poNumber }}`. */
  url: z.string().min(1),
  /** Header templates; they may use `{{ secrets.NAME }}`, resolved only when the call is made. */
  headers: z.record(z.string().min(1), z.string()).optional(),
  inputSchema: DataSchema,
  outputSchema: DataSchema,
});
export type ToolContract = z.infer<typeof ToolContract>;

export const ToolNode = z.strictObject({
  ...base,
  kind: z.literal("tool"),
  contract: ToolContract,
  input: Mapping,
});

/** Branches live on the outgoing edges (`kind: "branch"` with `when`, plus one `unmatched`). */
export const RouterNode = z.strictObject({
  ...base,
  kind: z.literal("router"),
  /** A typed enum, boolean or numeric field: `steps.classify.output.category`. */
  source: z.string().min(1),
});

export const ParallelNode = z.strictObject({ ...base, kind: z.literal("parallel") });

export const JoinNode = z.strictObject({
  ...base,
  kind: z.literal("join"),
  mode: z.enum(["all", "any"]),
});

/**
 * A loop header: the `body` edge enters the body, a `loop-back` edge returns to the
 * loop, the `exit` edge leaves it. `exitWhen` is checked after every iteration.
 */
export const LoopNode = z.strictObject({
  ...base,
  kind: z.literal("loop"),
  maxIterations: z.number().int().min(1).max(1000).optional(),
  exitWhen: z.string().min(1).optional(),
  /** What to do when maxIterations is reached without `exitWhen` holding. */
  onExhausted: z.enum(["exit", "fail"]).optional(),
});

export const DecisionType = z.enum(["approve", "edit", "reject", "custom"]);
export type DecisionType = z.infer<typeof DecisionType>;

export const HumanDecision = z.strictObject({
  /** Also the `sourceHandle` of the edge this decision takes. */
  id: NodeId,
  type: DecisionType,
  label: z.string().optional(),
});
export type HumanDecision = z.infer<typeof HumanDecision>;

export const HumanNode = z.strictObject({
  ...base,
  kind: z.literal("human"),
  /** The upstream step whose output is reviewed; an `edit` is validated against its contract. */
  subject: NodeId.optional(),
  instructions: z.string().optional(),
  decisions: z.array(HumanDecision).min(1),
  role: Role,
  /** SLA: after this long the run takes the `timeout` edge. */
  timeout: Duration.optional(),
  /** SLA escalation: when nobody decided within `after`, the escalation moves to `role` (still before the timeout). */
  escalateTo: z.strictObject({ role: Role, after: Duration }).optional(),
});

export const DelayNode = z.strictObject({ ...base, kind: z.literal("delay"), duration: Duration });

export const SubprocessNode = z.strictObject({
  ...base,
  kind: z.literal("subprocess"),
  process: Slug,
  version: z.number().int().positive().optional(),
  input: Mapping,
  outputSchema: DataSchema.optional(),
});

export const EndNode = z.strictObject({
  ...base,
  kind: z.literal("end"),
  output: Mapping.optional(),
});

export const Node = z.discriminatedUnion("kind", [
  TriggerNode,
  LlmNode,
  ToolNode,
  RouterNode,
  ParallelNode,
  JoinNode,
  LoopNode,
  HumanNode,
  DelayNode,
  SubprocessNode,
  EndNode,
]);
export type Node = z.infer<typeof Node>;
export type NodeKind = Node["kind"];
export type NodeOf<K extends NodeKind> = Extract<Node, { kind: K }>;
