import { requestSignal } from "@/server/http/request-signal";
import { z } from "zod";
import { authenticateApiKey } from "@/server/api-keys/api-keys.service";
import { AppError, httpStatusOf, isAppError, toErrorBody } from "@/server/errors";
import { DEFAULT_BODY_LIMITS, type BodyLimits } from "@/server/http/body-limits";
import { readBodyText } from "@/server/http/body";
import { parseJsonBody } from "@/server/http/json-guard";
import { startRunFromWebhook } from "@/server/runs/runs.service";
import { buildOpenApiDocument } from "./openapi";
import { PROCESS_GRAPH_SCHEMA_PATH, processGraphJsonSchema } from "@/core/graph";
import { matchRoute, type RestDeps } from "./rest-routes";

const PREFIX = "/api/v1";

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

function errorResponse(error: unknown): Response {
  if (isAppError(error)) return json(toErrorBody(error), httpStatusOf(error.code));
  if (error instanceof z.ZodError) {
    const e = new AppError("BAD_REQUEST", error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "), {
      fieldErrors: z.flattenError(error).fieldErrors,
    });
    return json(toErrorBody(e), 400);
  }
  console.error("[baton] REST handler failed", error);
  return json(toErrorBody(new AppError("INTERNAL", "Something went wrong on the server. Try again; if it keeps happening, check the server logs.")), 500);
}

async function readJson(req: Request, limit: number, variable: string): Promise<unknown> {
  return parseJsonBody(await readBodyText(req, limit, variable));
}

/** Every /api/v1 request: OpenAPI document, API-key auth, role check, body validation, delegation, JSON errors. */
export async function handleRestRequest(req: Request, deps: RestDeps, limits: BodyLimits = DEFAULT_BODY_LIMITS): Promise<Response> {
  try {
    const url = new URL(req.url);
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    if (req.method === "GET" && path === "/openapi.json") return json(buildOpenApiDocument({ serverUrl: url.origin }));
    // The graph format is public, like the OpenAPI document: editors and exported files point at it.
    if (req.method === "GET" && `${PREFIX}${path}` === PROCESS_GRAPH_SCHEMA_PATH) return json(processGraphJsonSchema(url.origin));
    const match = matchRoute(req.method, path);
    if (!match) throw new AppError("NOT_FOUND", `No endpoint ${req.method} ${url.pathname}. See /api/v1/openapi.json.`);
    if ("allowed" in match) return json(toErrorBody(new AppError("BAD_REQUEST", `Use ${match.allowed.join(" or ")} for ${url.pathname}.`)), 405, { allow: match.allowed.join(", ") });

    const principal = await authenticateApiKey(deps.db, req.headers.get("authorization"));
    const { route, params } = match;
    if (!route.roles.includes(principal.role)) {
      throw new AppError("FORBIDDEN", `${route.method} ${route.path} needs the ${route.roles.join(" or ")} role; this API key has ${principal.role}.`);
    }
    let body: unknown;
    if (route.body) {
      // Read only now: after the route, the API key and the role have been checked.
      const raw = route.bodyLimit === "graph" ? await readJson(req, limits.graph, "BATON_MAX_GRAPH_BODY_BYTES") : await readJson(req, limits.api, "BATON_MAX_BODY_BYTES");
      const parsed = route.body.safeParse(raw);
      if (!parsed.success) {
        throw new AppError("BAD_REQUEST", `Invalid request body: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}`, {
          fieldErrors: z.flattenError(parsed.error).fieldErrors,
        });
      }
      body = parsed.data;
    }
    const result = await route.handle({ deps, principal, params, query: url.searchParams, body, signal: requestSignal(req) });
    // CSV exports (and other non-JSON answers) come back as a ready Response.
    if (result instanceof Response) return result;
    return json(result, route.status ?? 200);
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/hooks/{token}: the token is the credential; the body is the input (or `{ input }`). */
export async function handleWebhookRequest(req: Request, token: string, deps: RestDeps, limits: BodyLimits = DEFAULT_BODY_LIMITS): Promise<Response> {
  try {
    if (req.method !== "POST") throw new AppError("BAD_REQUEST", "Webhook URLs accept POST only.");
    const readBody = () => readJson(req, limits.webhook, "BATON_MAX_WEBHOOK_BODY_BYTES");
    const result = await startRunFromWebhook(deps.db, { token, readBody, idempotencyKey: req.headers.get("idempotency-key") ?? undefined }, deps);
    return json({ runId: result.runId, created: result.created }, 202);
  } catch (error) {
    return errorResponse(error);
  }
}

