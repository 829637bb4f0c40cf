import { handleRestRequest } from "@/server/rest/rest-handler";
import { getRuntime } from "@/server/runtime/app-runtime";
import { bodyLimitsFrom } from "@/server/http/body-limits";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

const handle = async (req: Request) => handleRestRequest(req, { ...(await getRuntime()), claimTtlMs: env.BATON_CLAIM_TTL_MINUTES * 60_000 }, bodyLimitsFrom(env));

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
