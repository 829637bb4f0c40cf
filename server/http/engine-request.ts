import { toErrorBody, AppError } from "@/server/errors";
import { limitBody } from "./limited-request";

/**
 * /api/inngest call requests come from the engine and are signed. An unsigned POST used to be read
 * and parsed whole by the SDK before it looked at the signature (20 MB: a 500 after seconds), so
 * the header's presence is checked first and the body is capped; the SDK still verifies the HMAC.
 */
export async function guardEngineRequest(req: Request, opts: { signingKey?: string; limit: number }): Promise<Request | Response> {
  if (opts.signingKey && !req.headers.get("x-inngest-signature")) {
    await req.body?.cancel().catch(() => {});
    const error = new AppError("UNAUTHENTICATED", "Engine requests to /api/inngest must be signed (X-Inngest-Signature). Nothing was read.");
    return Response.json(toErrorBody(error), { status: 401 });
  }
  return limitBody(req, opts.limit, "BATON_MAX_ENGINE_BODY_BYTES");
}
