import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { z } from "zod";

/**
 * `GET …/runs/{runId}/events`: Server-Sent Events while a run is not finished. The stream checks
 * the run's rows (status, step records' status and end, escalations) every `intervalMs` without
 * loading any JSON payload, sends `event: run` when something changed, and `event: end` then
 * closes once the run has finished. Reading the database (not an in-process bus) keeps it right
 * when the engine runs in another process. Clients refetch the run on each event.
 */
export const runStreamEvent = z.object({
  runId: z.string(),
  status: z.string(),
  steps: z.number().int().describe("Step records so far (every attempt)"),
  openEscalations: z.number().int(),
  seq: z.number().int().describe("Increases with every change"),
});
export type RunStreamEvent = z.infer<typeof runStreamEvent>;

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

async function snapshot(db: Db, id: string) {
  const [run, steps, escalations] = await Promise.all([
    db.run.findUnique({ where: { id }, select: { status: true, endedAt: true } }),
    db.stepRecord.findMany({ where: { runId: id }, select: { stepId: true, attempt: true, status: true, endedAt: true } }),
    db.escalation.findMany({ where: { runId: id }, select: { stepId: true, status: true } }),
  ]);
  const key = JSON.stringify([
    run?.status,
    steps.map((s) => `${s.stepId}#${s.attempt}:${s.status}:${s.endedAt?.getTime() ?? ""}`).sort(),
    escalations.map((e) => `${e.stepId}:${e.status}`).sort(),
  ]);
  return { status: run?.status ?? "cancelled", steps: steps.length, openEscalations: escalations.filter((e) => e.status === "open").length, key };
}

export async function runEventStream(
  db: Db,
  params: { runId: string; signal?: AbortSignal; intervalMs?: number; heartbeatMs?: number },
): Promise<Response> {
  const run = await db.run.findUnique({ where: { publicId: params.runId }, select: { id: true, publicId: true } });
  if (!run) throw new AppError("NOT_FOUND", `No run "${params.runId}".`, { runId: params.runId });
  const interval = params.intervalMs ?? 500;
  const heartbeat = params.heartbeatMs ?? 15_000;
  const encoder = new TextEncoder();
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  params.signal?.addEventListener("abort", stop);

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stopped) controller.enqueue(encoder.encode(text));
      };
      // Reconnect after 2 s if the connection drops; EventSource does this on its own.
      send("retry: 2000\n\n");
      let last = "";
      let seq = 0;
      let quietSince = Date.now();
      try {
        while (!stopped) {
          const now = await snapshot(db, run.id);
          if (now.key !== last) {
            last = now.key;
            seq += 1;
            const event: RunStreamEvent = { runId: run.publicId, status: now.status, steps: now.steps, openEscalations: now.openEscalations, seq };
            send(`event: run\nid: ${seq}\ndata: ${JSON.stringify(event)}\n\n`);
            quietSince = Date.now();
          } else if (Date.now() - quietSince >= heartbeat) {
            // A comment line keeps proxies from closing an idle connection.
            send(": keep-alive\n\n");
            quietSince = Date.now();
          }
          if (TERMINAL.has(now.status)) {
            send(`event: end\ndata: ${JSON.stringify({ runId: run.publicId, status: now.status })}\n\n`);
            break;
          }
          await new Promise<void>((resolve) => {
            // Wake at once when the client goes away, so the stream closes without waiting a tick.
            const timer = setTimeout(done, interval);
            function done() {
              clearTimeout(timer);
              params.signal?.removeEventListener("abort", done);
              resolve();
            }
            params.signal?.addEventListener("abort", done);
          });
        }
      } catch (error) {
        send(`event: error\ndata: ${JSON.stringify({ message: "The run's event stream stopped; the page falls back to polling." })}\n\n`);
        console.error("[baton] run event stream failed", error);
      } finally {
        params.signal?.removeEventListener("abort", stop);
        stopped = true;
        try {
          controller.close();
        } catch {
          // Already closed by the client cancelling the body.
        }
      }
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
