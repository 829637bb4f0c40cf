export * from "./ast";
export * from "./parse";
export * from "./evaluate";
export * from "./typecheck";
