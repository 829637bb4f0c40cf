export * from "./run-graph-state";
