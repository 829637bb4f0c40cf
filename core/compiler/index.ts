export * from "./plan-schema";
export * from "./events";
export { compileGraph, hashPlan, type CompileOptions, type CompileResult, DEFAULT_ESCALATION_TIMEOUT } from "./compile-graph";
export { buildFunctionConfig, functionIdFor, DEFAULT_RETRIES } from "./function-config";
export { canonicalJson } from "./canonical-json";
export { sha256Hex } from "./sha256";
