import { z } from "zod";
import { PROCESS_GRAPH_SCHEMA_PATH } from "@/core/graph";
import { restRoutes } from "./rest-routes";

/** JSON Schema from a zod schema; dates travel as ISO strings. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date-time";
      }
    },
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", examples: ["BAD_REQUEST", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT"] },
        message: { type: "string", description: "What went wrong and what to do" },
        details: { type: "object", description: "e.g. fieldErrors (path → messages), diagnostics, allowedDecisions" },
      },
    },
  },
};

/** The OpenAPI 3.1 document for /api/v1, generated from the route table's zod schemas. */
export function buildOpenApiDocument(opts: { serverUrl?: string } = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of restRoutes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = route.query
      ? Object.entries((schemaOf(route.query, "input").properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({ name, in: "query", required: false, schema }))
      : [];
    const status = String(route.status ?? 200);
    const described: Record<string, string> = { "400": "Invalid request (see error.details.fieldErrors)", ...route.errors };
    const errors = (codes: string[]) =>
      Object.fromEntries(codes.map((c) => [c, { description: described[c] ?? `Error ${c}`, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]));
    paths[`/api/v1${route.path}`] ??= {};
    paths[`/api/v1${route.path}`]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: `Roles: ${route.roles.join(", ")}.`,
      security: [{ apiKey: [] }],
      parameters: [...params, ...query],
      ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body, "input") } } } } : {}),
      responses: {
        [status]: {
          description: "OK",
          content: route.sse
            ? { "text/event-stream": { schema: { type: "string", description: "SSE frames; each `data:` line is JSON", "x-event-data": schemaOf(route.response, "output") } } }
            : {
                "application/json": { schema: schemaOf(route.response, "output") },
                ...(route.csv ? { "text/csv": { schema: { type: "string" } } } : {}),
              },
        },
        ...errors(["400", "401", "403", "404", "409", ...Object.keys(route.errors ?? {})]),
      },
    };
  }
  // The graph body is the published graph format, kept in one document that exported files also cite.
  const importBody = (paths["/api/v1/processes"]?.post as { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } | undefined)?.requestBody;
  if (importBody) importBody.content["application/json"]!.schema.properties.graph = { $ref: "#/components/schemas/ProcessGraph" };
  paths[PROCESS_GRAPH_SCHEMA_PATH] = {
    get: {
      operationId: "processGraphSchema",
      summary: "The process graph format as JSON Schema (generated from the zod model); no API key needed",
      responses: { "200": { description: "JSON Schema 2020-12", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };
  paths["/api/hooks/{webhookToken}"] = {
    post: {
      operationId: "webhookTrigger",
      summary: "Start a run of the process this webhook URL belongs to (no API key: the token is the secret). Body: the input, or { input }.",
      parameters: [
        { name: "webhookToken", in: "path", required: true, schema: { type: "string" } },
        { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } },
      ],
      requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
      responses: { "202": { description: "Run started", content: { "application/json": { schema: { type: "object", properties: { runId: { type: "string" } } } } } } },
    },
  };
  return {
    openapi: "3.1.0",
    info: { title: "Baton API", version: "1.0.0", description: "Run, inspect and steer Baton processes. Authenticate with `Authorization: Bearer bk_…`." },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key (bk_…) from Settings → API keys" } },
      schemas: { Error: errorSchema, ProcessGraph: { $ref: `${opts.serverUrl ?? ""}${PROCESS_GRAPH_SCHEMA_PATH}`, description: "A process graph (see the linked JSON Schema)" } },
    },
  };
}
