export * from "./contracts";
export * from "./graph";
export * from "./expression";
export * from "./validation";
export * from "./compiler";
export * from "./interpreter";
export * from "./cost";
export * from "./examples";
