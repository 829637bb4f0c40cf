import type { CostEstimate } from "../cost/cost";
import type { ModelRequest, ModelResponse, StepServices, ToolRequest } from "../interpreter/ports";

type ModelScript = (request: ModelRequest, call: number) => unknown;
type ToolScript = (request: ToolRequest, call: number) => unknown;

/**
 * Scripted services: each node id maps to a function returning the output (or throwing).
 * Every model call costs `costPerCall` USD; the clock advances 10 ms per reading.
 */
export class FakeServices implements StepServices {
  readonly modelCalls: ModelRequest[] = [];
  readonly toolCalls: ToolRequest[] = [];
  private clock = 0;
  /** Set by a test to give the budget check a projection (none by default: calls count as free). */
  estimateCost?: (request: ModelRequest) => CostEstimate;

  constructor(
    private readonly models: Record<string, ModelScript> = {},
    private readonly tools: Record<string, ToolScript> = {},
    private readonly costPerCall = 0.01,
  ) {}

  async callModel(request: ModelRequest): Promise<ModelResponse> {
    this.modelCalls.push(request);
    const script = this.models[request.nodeId];
    if (!script) throw new Error(`no scripted model output for "${request.nodeId}"`);
    const call = this.modelCalls.filter((r) => r.nodeId === request.nodeId).length;
    const output = script(request, call);
    return { output, usage: { inputTokens: 100, outputTokens: 50 }, costUsd: this.costPerCall, provider: request.model.split("/")[0]! };
  }

  async callTool(request: ToolRequest) {
    this.toolCalls.push(request);
    const script = this.tools[request.nodeId];
    if (!script) throw new Error(`no scripted tool output for "${request.nodeId}"`);
    const call = this.toolCalls.filter((r) => r.nodeId === request.nodeId).length;
    return { output: script(request, call), status: 200 };
  }

  now(): number {
    this.clock += 10;
    return this.clock;
  }
}
