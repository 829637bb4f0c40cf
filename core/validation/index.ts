export * from "./diagnostic";
export { validateGraph, analyzeGraph, type GraphAnalysis } from "./validate-graph";
export { routerSourceText } from "./check-routers";
