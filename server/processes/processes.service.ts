import { createHash } from "node:crypto";
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { compileGraph, functionIdFor, graphSizeProblem, validateData, validateGraph, ExecutionPlan, GRAPH_LIMITS, Slug, type Diagnostic } from "@/core";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { hasRole, START_RUN_ROLES, type Role } from "@/server/auth/roles";
import { assertRunInputSize } from "@/server/runs/run-input-limit";
import { publicId, webhookToken } from "@/server/runtime/ids";
import { requestResync } from "@/server/runtime/resync";
import { buildValidationContext } from "@/server/settings/settings.service";
import type { ProcessDetail, ProcessSummary, PublishResult, VersionSummary } from "./processes.schema";

/**
 * Processes: a mutable draft graph plus immutable published versions. Publishing compiles the
 * draft under the current settings; an unchanged plan (same hash) makes no new version.
 */

/** Same digest as core's portable SHA-256, natively: publishing a graph at the size cap hashes ~1 MB. */
export const nodeSha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type ProcessRow = { publicId: string; slug: string; name: string; description: string; updatedAt: Date; draft: unknown; webhookToken: string; id: string; cron?: string | null; cronInput?: unknown };
type VersionRow = { version: number; planHash: string; createdAt: Date; graph: unknown; plan: unknown; functionConfig: unknown };

function summary(row: ProcessRow, latestVersion: number | null): ProcessSummary {
  return { id: row.publicId, slug: row.slug, name: row.name, description: row.description, latestVersion, updatedAt: row.updatedAt };
}

function versionSummary(slug: string, v: Pick<VersionRow, "version" | "planHash" | "createdAt">): VersionSummary {
  return { version: v.version, planHash: v.planHash, functionId: functionIdFor(slug, v.version), createdAt: v.createdAt };
}

function versionDetail(slug: string, v: VersionRow) {
  return { ...versionSummary(slug, v), graph: v.graph, plan: v.plan, functionConfig: v.functionConfig };
}

export async function listProcesses(db: Db): Promise<ProcessSummary[]> {
  const rows = await db.process.findMany({
    where: { archivedAt: null },
    orderBy: { slug: "asc" },
    include: { versions: { where: { kind: "published" }, select: { version: true }, orderBy: { version: "desc" }, take: 1 } },
  });
  return rows.map((r) => summary(r, r.versions[0]?.version ?? null));
}

async function findProcess(db: Db, slug: string) {
  const row = await db.process.findFirst({ where: { OR: [{ slug }, { publicId: slug }], archivedAt: null } });
  if (!row) throw new AppError("NOT_FOUND", `No process "${slug}". List processes with GET /api/v1/processes.`, { slug });
  return row;
}

/**
 * The webhook path starts runs without any other credential, so it is shown only to roles that
 * may start runs; a reviewer reading it could otherwise start runs it is not allowed to.
 */
export async function getProcess(db: Db, params: { slug: string; role: Role }): Promise<ProcessDetail> {
  const row = await findProcess(db, params.slug);
  const versions = await db.processVersion.findMany({ where: { processId: row.id, kind: "published" }, orderBy: { version: "desc" } });
  const latest = versions[0];
  const ctx = await buildValidationContext(db);
  return {
    ...summary(row, latest?.version ?? null),
    draft: row.draft,
    draftRevision: row.draftRevision,
    diagnostics: validateGraph(row.draft, ctx),
    webhookPath: hasRole(params.role, START_RUN_ROLES) ? `/api/hooks/${row.webhookToken}` : null,
    schedule: row.cron ? { cron: row.cron, input: row.cronInput ?? null } : null,
    latest: latest ? versionDetail(row.slug, latest) : null,
    versions: versions.map((v) => versionSummary(row.slug, v)),
  };
}

/** The published versions of a process, newest first (the designer's sub-process version picker). */
export async function listProcessVersions(db: Db, params: { slug: string }): Promise<VersionSummary[]> {
  const row = await findProcess(db, params.slug);
  const versions = await db.processVersion.findMany({
    where: { processId: row.id, kind: "published" },
    select: { version: true, planHash: true, createdAt: true },
    orderBy: { version: "desc" },
  });
  return versions.map((v) => versionSummary(row.slug, v));
}

/** One published version with its graph, for version history (read-only canvas, restore into draft). */
export async function getProcessVersion(db: Db, params: { slug: string; version: number }) {
  const row = await findProcess(db, params.slug);
  const v = await db.processVersion.findUnique({ where: { processId_version: { processId: row.id, version: params.version } } });
  if (!v) throw new AppError("NOT_FOUND", `"${row.slug}" has no version ${params.version}.`, { slug: row.slug, version: params.version });
  return versionDetail(row.slug, v);
}

const GraphHeader = z.object({ slug: Slug, name: z.string().min(1), description: z.string().optional() });

/**
 * Import a graph (JSON) as the draft of the process with its slug: creates the process or
 * replaces its draft. Saved even with errors (a draft is work in progress); the diagnostics say
 * what must be fixed before it can be published.
 * `ifExists: "refuse"` (the designer's "New process") never touches an existing process: a
 * person typing a slug that is taken must not wipe that process's draft. The REST import keeps
 * its documented upsert ("replace", the default).
 */
export async function importProcess(
  db: Db,
  params: { graph: unknown; baseRevision?: number; ifExists?: "replace" | "refuse" },
): Promise<{ process: ProcessSummary; created: boolean; diagnostics: Diagnostic[]; draftRevision: number }> {
  const header = GraphHeader.safeParse(params.graph);
  if (!header.success) {
    throw new AppError("BAD_REQUEST", "The graph needs at least a kebab-case `slug` and a `name` to be saved.", {
      fieldErrors: z.flattenError(header.error).fieldErrors,
    });
  }
  const { slug, name, description } = header.data;
  const tooBig = graphSizeProblem(params.graph);
  if (tooBig) {
    throw new AppError("BAD_REQUEST", `${tooBig} Split the process into subprocesses of at most ${GRAPH_LIMITS.nodes} nodes and ${GRAPH_LIMITS.edges} edges each.`, {
      limits: GRAPH_LIMITS,
    });
  }
  // Exported files cite the format in `$schema`; it is not part of the graph.
  const { $schema: _schema, ...graph } = params.graph as Record<string, unknown>;
  const draft = JSON.parse(JSON.stringify(graph)) as object;
  // Validate before saving, exactly as every later read will: a draft that cannot be checked
  // must not be stored, or every read of the process would fail the same way.
  const ctx = await buildValidationContext(db);
  let diagnostics: Diagnostic[];
  try {
    diagnostics = validateGraph(draft, ctx);
  } catch (e) {
    throw new AppError("BAD_REQUEST", `The graph could not be checked (${e instanceof Error ? e.message : String(e)}), so it was not saved. Simplify the graph and try again.`);
  }
  const existing = await db.process.findUnique({ where: { slug } });
  if (existing && params.ifExists === "refuse") throw slugTaken(slug);
  if (existing && params.baseRevision !== undefined) {
    // Compare-and-set in one statement: two tabs saving at once cannot both win.
    const { count } = await db.process.updateMany({
      where: { id: existing.id, draftRevision: params.baseRevision },
      data: { name, description: description ?? existing.description, draft, archivedAt: null, draftRevision: { increment: 1 } },
    });
    if (count === 0) {
      const current = await db.process.findUniqueOrThrow({ where: { id: existing.id }, select: { draftRevision: true } });
      throw new AppError(
        "CONFLICT",
        `The draft of "${slug}" was saved elsewhere (revision ${current.draftRevision}) after you opened revision ${params.baseRevision}. Reload to get the latest draft; your change was not saved.`,
        { currentRevision: current.draftRevision, baseRevision: params.baseRevision },
      );
    }
  }
  const row = existing
    ? params.baseRevision !== undefined
      ? await db.process.findUniqueOrThrow({ where: { id: existing.id } })
      : await db.process.update({
          where: { id: existing.id },
          data: { name, description: description ?? existing.description, draft, archivedAt: null, draftRevision: { increment: 1 } },
        })
    : await db.process
        .create({ data: { publicId: publicId("proc"), slug, name, description: description ?? "", draft, webhookToken: webhookToken() } })
        .catch((e: unknown) => {
          // Two creates of the same new slug at once: the unique index lets one through.
          if (isUniqueViolation(e)) throw slugTaken(slug);
          throw e;
        });
  const latest = await db.processVersion.findFirst({ where: { processId: row.id, kind: "published" }, orderBy: { version: "desc" }, select: { version: true } });
  return { process: summary(row, latest?.version ?? null), created: !existing, diagnostics, draftRevision: row.draftRevision };
}

function slugTaken(slug: string): AppError {
  return new AppError("CONFLICT", `A process with the slug "${slug}" already exists; nothing was changed. Choose another slug, or open "${slug}" in the designer to edit it.`, { slug });
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

/**
 * Replace the draft of an existing process (the designer's save). The slug cannot change. With
 * `baseRevision`, the save is refused when the draft moved on since that revision.
 */
export async function updateDraft(db: Db, params: { slug: string; graph: unknown; baseRevision?: number }) {
  const row = await findProcess(db, params.slug);
  const graph = { ...(params.graph as Record<string, unknown>), slug: row.slug };
  return importProcess(db, { graph, baseRevision: params.baseRevision });
}

/**
 * Compile the draft with the current tier settings into an immutable version n+1, then re-sync
 * the engine so the new function exists without a redeploy. Refuses with the diagnostics when
 * the draft has errors; reports "unchanged" when the plan's hash equals the latest version's.
 */
export async function publishProcess(db: Db, params: { slug: string; userId?: string | null }): Promise<PublishResult> {
  const row = await findProcess(db, params.slug);
  const latest = await db.processVersion.findFirst({ where: { processId: row.id, kind: "published" }, orderBy: { version: "desc" } });
  const version = (latest?.version ?? 0) + 1;
  const graph = { ...(row.draft as Record<string, unknown>), slug: row.slug, version };
  const result = compileGraph(graph, await buildValidationContext(db), { sha256: nodeSha256 });
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    throw new AppError(
      "BAD_REQUEST",
      `"${row.slug}" cannot be published: ${errors.length} error(s) in the graph. ${errors[0]?.message ?? ""} Fix them and publish again.`,
      { diagnostics: result.diagnostics },
    );
  }
  if (latest && latest.planHash === result.hash) {
    return { status: "unchanged", version: versionDetail(row.slug, latest), diagnostics: result.diagnostics, resynced: false };
  }
  const plan: ExecutionPlan = result.plan;
  let created;
  try {
    created = await db.processVersion.create({
      data: {
        processId: row.id,
        version,
        graph: graph as object,
        plan: JSON.parse(JSON.stringify(plan)) as object,
        planHash: result.hash,
        functionConfig: JSON.parse(JSON.stringify(plan.functionConfig)) as object,
        publishedById: params.userId ?? null,
      },
    });
  } catch (e) {
    throw new AppError("CONFLICT", `Someone else published "${row.slug}" at the same time. Reload and publish again.`, { cause: String(e) });
  }
  const sync = await requestResync();
  return { status: "published", version: versionDetail(row.slug, created), diagnostics: result.diagnostics, resynced: sync.synced };
}

/** Every published version, for the function factory (in-flight runs keep their version's function). */
export async function listPublishedVersions(db: Db) {
  const rows = await db.processVersion.findMany({
    where: { kind: "published" },
    select: { id: true, version: true, plan: true, process: { select: { slug: true } } },
    orderBy: [{ processId: "asc" }, { version: "asc" }],
  });
  return rows.map((r) => ({ id: r.id, slug: r.process.slug, version: r.version, plan: r.plan }));
}

/** A cheap fingerprint of the published set and schedules: the function list is rebuilt when it changes. */
export async function publishedVersionsKey(db: Db): Promise<string> {
  const rows = await db.processVersion.findMany({ where: { kind: "published" }, select: { id: true }, orderBy: { id: "asc" } });
  const schedules = await listSchedules(db);
  return [...rows.map((r) => r.id), ...schedules.map((s) => `${s.slug}@${s.cron}`)].join(",");
}

/** Processes with a cron schedule (each becomes a `<slug>-schedule` function with a cron trigger). */
export async function listSchedules(db: Db): Promise<Array<{ slug: string; cron: string }>> {
  const rows = await db.process.findMany({ where: { cron: { not: null }, archivedAt: null }, select: { slug: true, cron: true }, orderBy: { slug: "asc" } });
  return rows.map((r) => ({ slug: r.slug, cron: r.cron! }));
}

/**
 * Set or clear a process's cron trigger. The schedule is checked, and the input against the latest
 * version's trigger schema; the engine is re-synced so the schedule takes effect at once.
 */
export async function setProcessSchedule(db: Db, params: { slug: string; cron: string | null; input?: unknown; maxInputBytes?: number }) {
  const row = await findProcess(db, params.slug);
  if (params.cron !== null) {
    assertRunInputSize(params.input, params.maxInputBytes, "The schedule's input");
    try {
      CronExpressionParser.parse(params.cron, { tz: "UTC" });
    } catch (e) {
      throw new AppError("BAD_REQUEST", `"${params.cron}" is not a cron schedule: ${e instanceof Error ? e.message : String(e)}. Use five fields, e.g. "0 9 * * 1-5".`, {
        fieldErrors: { cron: ["Invalid cron expression"] },
      });
    }
    const latest = await db.processVersion.findFirst({ where: { processId: row.id, kind: "published" }, orderBy: { version: "desc" } });
    if (latest) {
      const issues = validateData(ExecutionPlan.parse(latest.plan).inputSchema, params.input ?? {});
      if (issues.length) {
        const fieldErrors: Record<string, string[]> = {};
        for (const i of issues) (fieldErrors[i.path ? `input.${i.path}` : "input"] ??= []).push(i.message);
        throw new AppError("BAD_REQUEST", "The scheduled input does not match the trigger schema.", { fieldErrors, issues });
      }
    }
  }
  await db.process.update({
    where: { id: row.id },
    data: { cron: params.cron, cronInput: params.cron === null ? undefined : (JSON.parse(JSON.stringify(params.input ?? {})) as object) },
  });
  const sync = await requestResync();
  return { slug: row.slug, cron: params.cron, resynced: sync.synced };
}
