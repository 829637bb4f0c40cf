import type { NextRequest } from "next/server";
import { getServeHandlers } from "@/inngest/serve";
import { guardEngineRequest } from "@/server/http/engine-request";
import { registerAppServe } from "@/server/runtime/app-serve";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<Record<string, string | string[] | undefined>> };

// The function list depends on what is published, so the handler is looked up per request (cached by version set).
export const GET = async (req: NextRequest, ctx: Ctx) => (await getServeHandlers()).GET(req, ctx as never);
export const POST = async (req: NextRequest, ctx: Ctx) => {
  const guarded = await guardEngineRequest(req, { signingKey: env.INNGEST_SIGNING_KEY, limit: env.BATON_MAX_ENGINE_BODY_BYTES });
  if (guarded instanceof Response) return guarded;
  return (await getServeHandlers()).POST(guarded as NextRequest, ctx as never);
};
export const PUT = async (req: NextRequest, ctx: Ctx) => (await getServeHandlers()).PUT(req, ctx as never);

// Embedded engine: from now on its call requests and syncs run these same handlers in-process (server/runtime/app-serve.ts).
const noParams: Ctx = { params: Promise.resolve({}) };
registerAppServe({
  GET: (req) => GET(req as NextRequest, noParams),
  POST: (req) => POST(req as NextRequest, noParams),
  PUT: (req) => PUT(req as NextRequest, noParams),
});
