export * from "./http-url";
