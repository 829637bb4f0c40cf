export * from "./data-schema";
export * from "./validate-data";
export * from "./schema-path";
