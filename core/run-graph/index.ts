export * from "./run-graph-state";
export * from "./rerun-preview";
