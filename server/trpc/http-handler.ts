import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sessionFromHeaders } from "@/server/auth";
import type { BodyLimits } from "@/server/http/body-limits";
import { withBody } from "@/server/http/body";
import { limitBody } from "@/server/http/limited-request";
import { createRequestContext } from "./context";
import { appRouter } from "./root";

/** Procedures whose input is a whole process graph: they get the graph body limit. */
const GRAPH_PROCEDURES = new Set(["processes.create", "processes.update"]);

/**
 * /api/trpc. Every procedure needs a session, so the session is checked before the body is read:
 * without one the body is dropped unread and each call fails with UNAUTHORIZED as usual. With one,
 * the body is read up to the limit (413 beyond it) and handed to tRPC.
 */
export async function handleTrpcRequest(req: Request, limits: BodyLimits): Promise<Response> {
  const user = await sessionFromHeaders(req.headers);
  let request: Request | Response = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    if (!user) {
      await req.body?.cancel().catch(() => {});
      // An empty JSON object: every call then has no input and fails on the missing session.
      request = withBody(req, "{}");
    } else {
      const procedures = new URL(req.url).pathname.replace(/^\/api\/trpc\/?/, "").replace(/%2C/gi, ",").split(",");
      const graph = procedures.some((p) => GRAPH_PROCEDURES.has(p));
      request = await limitBody(req, graph ? limits.graph : limits.api, graph ? "BATON_MAX_GRAPH_BODY_BYTES" : "BATON_MAX_BODY_BYTES");
    }
  }
  if (request instanceof Response) return request;
  const forwarded = request;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: forwarded,
    router: appRouter,
    createContext: () => createRequestContext(forwarded, user),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}
