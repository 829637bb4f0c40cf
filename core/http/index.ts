export * from "./http-url";
export * from "./secret-scope";
