import { z } from "zod";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/auth/roles";
import type { EventSender } from "@/server/runtime/events";
import { importProcessInput, importProcessResult, processDetail, processSummary, publishResult, scheduleBody, scheduleResult } from "@/server/processes/processes.schema";
import { getProcess, importProcess, listProcesses, publishProcess, setProcessSchedule } from "@/server/processes/processes.service";
import { rerunBody, runListPage, runListQuery, runView, startRunBody, startRunResult } from "@/server/runs/runs.schema";
import { cancelRun, getRun, rerunFromNode, startRun } from "@/server/runs/runs.service";
import { listRunsPage } from "@/server/runs/runs-list";
import { bulkRunAction } from "@/server/runs/runs-bulk";
import { bulkRunsBody, bulkRunsResult } from "@/server/runs/runs-bulk.schema";
import { analyticsRoutes } from "./analytics-routes";
import { datasetRoutes } from "./dataset-routes";
import { runEventStream, runStreamEvent } from "@/server/runs/run-events.stream";
import { escalationRoutes } from "./escalation-routes";
import { notificationRoutes } from "./notification-routes";

/**
 * REST API v1: one table drives both dispatch and the OpenAPI document, so they cannot drift.
 * Handlers validate (the table's schemas), authorise (the table's roles) and delegate.
 */
export interface RestDeps {
  db: Db;
  events: EventSender;
  /** BATON_MAX_RUN_INPUT_BYTES; the default when absent. */
  maxRunInputBytes?: number;
  /** Seals webhook signing secrets (BATON_MASTER_KEY). */
  masterKey?: string;
  /** BATON_CLAIM_TTL_MINUTES in ms; 30 minutes when absent. */
  claimTtlMs?: number;
}

export interface Principal {
  role: Role;
  keyId: string;
}

export interface RouteContext {
  deps: RestDeps;
  principal: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Aborted when the client goes away (ends a streamed answer). */
  signal?: AbortSignal;
}

export interface RestRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI-style path under /api/v1, e.g. `/runs/{runId}`. */
  path: string;
  operationId: string;
  summary: string;
  roles: readonly Role[];
  body?: z.ZodType;
  /** Which body limit applies (docs/limits.md); "api" when absent. */
  bodyLimit?: "api" | "graph";
  query?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Route-specific error statuses for the OpenAPI document, besides the common 400/401/403/404/409. */
  errors?: Record<string, string>;
  /** Also answers text/csv (with ?format=csv); the handler then returns a Response. */
  csv?: boolean;
  /** Answers text/event-stream; `response` describes one event's data. */
  sse?: boolean;
  handle(ctx: RouteContext): Promise<unknown>;
}

const READ: readonly Role[] = ["admin", "operator", "reviewer"];
const OPERATE: readonly Role[] = ["admin", "operator"];

export const restRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/processes",
    operationId: "listProcesses",
    summary: "List processes with their latest published version",
    roles: READ,
    response: z.object({ processes: z.array(processSummary) }),
    handle: async ({ deps }) => ({ processes: await listProcesses(deps.db) }),
  },
  {
    method: "POST",
    path: "/processes",
    operationId: "importProcess",
    summary: "Import a graph as JSON: creates the process or replaces its draft; returns diagnostics",
    roles: OPERATE,
    body: importProcessInput,
    bodyLimit: "graph",
    response: importProcessResult,
    handle: async ({ deps, body }) => importProcess(deps.db, body as z.infer<typeof importProcessInput>),
  },
  {
    method: "GET",
    path: "/processes/{slug}",
    operationId: "getProcess",
    summary: "A process: draft, diagnostics, webhook path, latest version with its compiled plan and function config",
    roles: READ,
    response: processDetail,
    handle: async ({ deps, params, principal }) => getProcess(deps.db, { slug: params.slug!, role: principal.role }),
  },
  {
    method: "POST",
    path: "/processes/{slug}/publish",
    operationId: "publishProcess",
    summary: "Compile the draft into an immutable version and re-sync the engine",
    roles: OPERATE,
    response: publishResult,
    handle: async ({ deps, params }) => publishProcess(deps.db, { slug: params.slug! }),
  },
  {
    method: "POST",
    path: "/processes/{slug}/schedule",
    operationId: "scheduleProcess",
    summary: "Set (or clear with cron: null) the cron trigger that starts runs of the latest version",
    roles: OPERATE,
    body: scheduleBody,
    response: scheduleResult,
    handle: async ({ deps, params, body }) => setProcessSchedule(deps.db, { slug: params.slug!, ...(body as z.infer<typeof scheduleBody>), maxInputBytes: deps.maxRunInputBytes }),
  },
  {
    method: "POST",
    path: "/processes/{slug}/runs",
    operationId: "startRun",
    summary: "Start a run of the latest published version (202); the same idempotencyKey returns the same run",
    roles: OPERATE,
    body: startRunBody,
    response: startRunResult,
    status: 202,
    errors: { "429": "The process's daily budget is spent (error.code RATE_LIMITED, details.reason daily-budget-reached, details.resetsAt)" },
    handle: async ({ deps, params, body }) => {
      const b = body as z.infer<typeof startRunBody>;
      return startRun(deps.db, { slug: params.slug!, input: b.input, idempotencyKey: b.idempotencyKey, trigger: "api" }, deps);
    },
  },
  {
    method: "GET",
    path: "/runs",
    operationId: "listRuns",
    summary:
      "Runs, newest first; filter with ?process=<slug>&version=<n>&status=&trigger=&node=<node id>&from=&to= (creation time, ISO 8601)&minCost=&maxCost= (USD)&search=<run id or idempotency key>; page with ?cursor=<nextCursor>&limit= (default 50)",
    roles: READ,
    query: runListQuery,
    response: runListPage,
    handle: async ({ deps, query }) => {
      const q = runListQuery.parse(Object.fromEntries([...query.entries()].filter(([k]) => k in runListQuery.shape)));
      return listRunsPage(deps.db, q);
    },
  },
  {
    method: "GET",
    path: "/runs/{runId}",
    operationId: "getRun",
    summary: "A run: status, version, step records (every attempt), totals, output or error",
    roles: READ,
    response: runView,
    handle: async ({ deps, params }) => getRun(deps.db, { runId: params.runId! }),
  },
  {
    method: "GET",
    path: "/runs/{runId}/events",
    operationId: "streamRunEvents",
    summary:
      "Server-Sent Events while the run is not finished: `event: run` (data below) whenever its status, step records or escalations change, then `event: end` when it finishes, and the stream closes. Fetch the run again on each event",
    roles: READ,
    response: runStreamEvent,
    sse: true,
    handle: async ({ deps, params, signal }) => runEventStream(deps.db, { runId: params.runId!, signal }),
  },
  {
    method: "POST",
    path: "/runs/{runId}/cancel",
    operationId: "cancelRun",
    summary: "Cancel a queued, running or waiting run",
    roles: OPERATE,
    response: runView,
    handle: async ({ deps, params }) => cancelRun(deps.db, { runId: params.runId! }, deps),
  },
  {
    method: "POST",
    path: "/runs/{runId}/rerun",
    operationId: "rerunRun",
    summary: "Start a new run that reuses the earlier steps' results and executes from fromNodeId (202)",
    roles: OPERATE,
    body: rerunBody,
    response: startRunResult,
    status: 202,
    handle: async ({ deps, params, body }) => rerunFromNode(deps.db, { runId: params.runId!, ...(body as z.infer<typeof rerunBody>) }, deps),
  },
  {
    method: "POST",
    path: "/runs/bulk",
    operationId: "bulkRuns",
    summary:
      "Cancel or rerun (from the first step) the given runIds, or every run matching a list filter: at most 200 per request, newest first; `remaining: true` says to repeat. Each run goes through the single-run cancel / rerun",
    roles: OPERATE,
    body: bulkRunsBody,
    response: bulkRunsResult,
    handle: async ({ deps, body }) => bulkRunAction(deps.db, body as z.infer<typeof bulkRunsBody>, deps),
  },
  ...escalationRoutes,
  ...analyticsRoutes,
  ...datasetRoutes,
  ...notificationRoutes,
];

/** Matches `/runs/run_123/cancel` against `/runs/{runId}/cancel`. */
export function matchRoute(method: string, path: string): { route: RestRoute; params: Record<string, string> } | { allowed: string[] } | undefined {
  const parts = path.split("/").filter(Boolean);
  const allowed: string[] = [];
  for (const route of restRoutes) {
    const pattern = route.path.split("/").filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const m = /^\{(\w+)\}$/.exec(p);
      if (m) {
        params[m[1]!] = decodeURIComponent(parts[i]!);
        return true;
      }
      return p === parts[i];
    });
    if (!ok) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length ? { allowed } : undefined;
}
