import { sessionFromHeaders } from "@/server/auth";
import { httpStatusOf, isAppError, toErrorBody, AppError } from "@/server/errors";
import { getRuntime } from "@/server/runtime/app-runtime";
import { runEventStream } from "@/server/runs/run-events.stream";
import { requestSignal } from "@/server/http/request-signal";

export const dynamic = "force-dynamic";

/** The run page's live updates: the same stream as GET /api/v1/runs/{runId}/events, for a signed-in session. */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }) {
  try {
    const user = await sessionFromHeaders(req.headers);
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to follow a run.");
    const { runId } = await params;
    return await runEventStream((await getRuntime()).db, { runId, signal: requestSignal(req) });
  } catch (error) {
    const e = isAppError(error) ? error : new AppError("INTERNAL", "The run's event stream could not start. Reload the page.");
    if (!isAppError(error)) console.error("[baton] run event stream failed", error);
    return Response.json(toErrorBody(e), { status: httpStatusOf(e.code) });
  }
}
