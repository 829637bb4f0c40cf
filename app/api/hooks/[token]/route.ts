import { handleWebhookRequest } from "@/server/rest/rest-handler";
import { getRuntime } from "@/server/runtime/app-runtime";
import { bodyLimitsFrom } from "@/server/http/body-limits";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  return handleWebhookRequest(req, token, await getRuntime(), bodyLimitsFrom(env));
}
