export * from "./parse";
export * from "./spread";
export * from "./results";
