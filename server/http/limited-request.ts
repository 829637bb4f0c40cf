import { isAppError, toErrorBody } from "@/server/errors";
import { readBodyText, withBody } from "./body";

/**
 * For handlers that read the body themselves (tRPC, better-auth): read it here first, at most
 * `limit` bytes, and hand them a copy holding the text. Returns a 413 response when over the limit.
 */
export async function limitBody(req: Request, limit: number, variable: string): Promise<Request | Response> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  try {
    return withBody(req, await readBodyText(req, limit, variable));
  } catch (e) {
    if (isAppError(e)) return Response.json(toErrorBody(e), { status: 413 });
    throw e;
  }
}
