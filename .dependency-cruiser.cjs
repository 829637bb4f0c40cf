/**
 * Baton's dependency direction, enforced as errors (npm test fails on a violation):
 *   core ← server, inngest ← app, components;  engine stands apart.
 * See docs/ARCHITECTURE.md.
 */
module.exports = {
  forbidden: [
    {
      name: "core-is-pure",
      comment: "core/ imports zod and itself only, so the designer can run validation in the browser.",
      severity: "error",
      from: { path: "^core/" },
      to: { pathNot: ["^core/", "node_modules/zod/"] },
    },
    {
      name: "engine-stands-apart",
      comment: "engine/ runs any Inngest function and knows nothing of Baton.",
      severity: "error",
      from: { path: "^engine/" },
      to: { path: "^(app|components|core|server|inngest|prisma)/" },
    },
    {
      name: "engine-only-through-its-public-api",
      comment: "Only the host process, the engine store adapter and benchmarks reach into engine/, and only through its public API.",
      severity: "error",
      from: { path: "^(app|components|core|inngest|server)/", pathNot: "^server/(host|engine-store)/" },
      to: { path: "^engine/" },
    },
    {
      name: "engine-public-api",
      severity: "error",
      comment: "Tests of the Prisma store reuse the engine's conformance suites.",
      from: { path: "^server/(host|engine-store)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^engine/", pathNot: "^engine/(index|store/types)\\.ts$" },
    },
    {
      name: "ui-imports-server-types-only",
      comment: "UI code may import types from server/, never values (keeps secrets and server code out of the client bundle).",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^server/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "server-below-ui",
      severity: "error",
      from: { path: "^(core|server|inngest)/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(\\.next|node_modules|server/db/generated)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
