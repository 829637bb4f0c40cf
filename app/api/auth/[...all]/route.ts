import { handleAuthRequest } from "@/server/auth";
import { bodyLimitsFrom } from "@/server/http/body-limits";
import { limitBody } from "@/server/http/limited-request";
import { env } from "@/server/env";

/** Sign-in and the rest of better-auth: bodies are small, so they are cut off early (413). */
async function handler(req: Request) {
  const limited = await limitBody(req, bodyLimitsFrom(env).auth, "BATON_MAX_AUTH_BODY_BYTES");
  if (limited instanceof Response) return limited;
  return handleAuthRequest(limited);
}

export { handler as GET, handler as POST };
