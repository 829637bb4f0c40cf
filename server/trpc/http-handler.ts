import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sessionFromHeaders } from "@/server/auth";
import type { BodyLimits } from "@/server/http/body-limits";
import { withBody } from "@/server/http/body";
import { readBodyText } from "@/server/http/body";
import { isAppError, type AppError } from "@/server/errors";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
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
      const url = new URL(req.url);
      const procedures = url.pathname.replace(/^\/api\/trpc\/?/, "").replace(/%2C/gi, ",").split(",");
      const graph = procedures.some((p) => GRAPH_PROCEDURES.has(p));
      try {
        request = withBody(req, await readBodyText(req, graph ? limits.graph : limits.api, graph ? "BATON_MAX_GRAPH_BODY_BYTES" : "BATON_MAX_BODY_BYTES"));
      } catch (e) {
        if (!isAppError(e)) throw e;
        return tooLarge(e, procedures, url.searchParams.get("batch") === "1");
      }
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

/** A 413 in tRPC's own error shape (superjson-wrapped, one entry per call of a batch), so the client shows the message. */
function tooLarge(error: AppError, procedures: string[], batch: boolean): Response {
  const shape = (path: string) => ({
    json: {
      message: error.message,
      code: TRPC_ERROR_CODES_BY_KEY.PAYLOAD_TOO_LARGE,
      data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413, path, appCode: error.code, details: error.details ?? null, fieldErrors: null },
    },
  });
  const body = batch ? procedures.map((p) => ({ error: shape(p) })) : { error: shape(procedures[0] ?? "") };
  return Response.json(body, { status: 413 });
}
