export * from "./types";
export { AnthropicProvider, ANTHROPIC_BASE_URL, ANTHROPIC_DEFAULT_MAX_TOKENS, type AnthropicProviderOptions } from "./anthropic";
export { OpenAIProvider, OPENAI_BASE_URL, isReasoningModel, type OpenAIProviderOptions, type StructuredOutputMode } from "./openai";
export {
  SimulatorProvider,
  SIMULATED_FAILURES,
  parseSimulateMarkers,
  simulate,
  simulatorTier,
  type FailureRule,
  type SimulatedFailure,
  type Simulation,
  type SimulatorOptions,
  type SimTier,
} from "./simulator";
export * from "./registry";
