import { handleTrpcRequest } from "@/server/trpc/http-handler";
import { bodyLimitsFrom } from "@/server/http/body-limits";
import { env } from "@/server/env";

function handler(req: Request) {
  return handleTrpcRequest(req, bodyLimitsFrom(env));
}

export { handler as GET, handler as POST };
