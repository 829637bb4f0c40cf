export * from "./cost";
export * from "./reach";
export * from "./projection";
export * from "./compare";
