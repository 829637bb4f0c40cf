import { beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "@/server/testing/databases";
import type { Db } from "@/server/db/client";
import { listRunsPage } from "./runs-list";
import type { RunListFilter } from "./runs.schema";

/**
 * The runs list filters and keyset cursor on a small, fully known dataset: every filter is checked
 * against the same filter computed in plain JS over the inserted rows.
 */
interface Row {
  id: string;
  publicId: string;
  process: string;
  version: number;
  status: string;
  trigger: string;
  costUsd: number;
  idempotencyKey: string | null;
  createdAt: Date;
  nodes: string[];
  kind: "run" | "test";
}

const T0 = new Date("2026-03-01T00:00:00.000Z").getTime();
const STATUSES = ["queued", "running", "waiting", "completed", "failed", "cancelled"];
const TRIGGERS = ["api", "webhook", "cron", "ui", "subprocess", "rerun"];

async function seed(db: Db): Promise<Row[]> {
  const rows: Row[] = [];
  const versions: Record<string, Record<number, string>> = {};
  const processIds: Record<string, string> = {};
  for (const slug of ["alpha", "beta"]) {
    const p = await db.process.create({ data: { publicId: `proc_${slug}`, slug, name: slug, draft: {}, webhookToken: `wh_${slug}` } });
    processIds[slug] = p.id;
    versions[slug] = {};
    for (const v of [1, 2]) {
      versions[slug]![v] = (await db.processVersion.create({ data: { processId: p.id, version: v, graph: {}, plan: {}, planHash: `${slug}${v}`, functionConfig: {} } })).id;
    }
  }
  for (let i = 0; i < 90; i++) {
    const process = i % 3 === 2 ? "beta" : "alpha";
    const version = i % 4 < 2 ? 1 : 2;
    // Groups of 7 runs share one creation time, so the cursor must break ties on id.
    const createdAt = new Date(T0 + Math.floor(i / 7) * 60_000);
    const row: Row = {
      id: `r${String(i).padStart(3, "0")}x`,
      publicId: `run_list${i}`,
      process,
      version,
      status: STATUSES[i % STATUSES.length]!,
      trigger: TRIGGERS[(i * 5) % TRIGGERS.length]!,
      costUsd: (i % 10) * 0.01,
      idempotencyKey: i % 5 === 0 ? `key-${i}` : null,
      createdAt,
      nodes: i % 4 === 0 ? ["classify", "send"] : ["classify"],
      // Every 9th run is a designer's test run, interleaved with the real ones.
      kind: i % 9 === 4 ? "test" : "run",
    };
    rows.push(row);
    await db.run.create({
      data: {
        id: row.id,
        publicId: row.publicId,
        processId: processIds[process]!,
        versionId: versions[process]![version]!,
        status: row.status,
        trigger: row.trigger,
        costUsd: row.costUsd,
        idempotencyKey: row.idempotencyKey,
        input: { big: "x".repeat(100) },
        kind: row.kind,
        createdAt,
      },
    });
    for (const nodeId of row.nodes) {
      await db.stepRecord.create({ data: { runId: row.id, nodeId, stepId: nodeId, kind: "llm", attempt: 1, status: "succeeded" } });
    }
  }
  return rows;
}

const newestFirst = (a: Row, b: Row) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describeEachDatabase("runs list", (get) => {
  let rows: Row[] = [];
  beforeAll(async () => {
    rows = await seed(get().handle.db);
  });

  /** Every page of a filter, following nextCursor. */
  async function all(filter: RunListFilter, limit: number) {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await listRunsPage(get().handle.db, { ...filter, limit, ...(cursor ? { cursor } : {}) });
      expect(page.runs.length).toBeLessThanOrEqual(limit);
      ids.push(...page.runs.map((r) => r.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error("cursor never ended");
  }
  /** The runs a filter should list; real runs only unless the filter asks for test runs. */
  const expected = (pred: (r: Row) => boolean, kind: RunListFilter["kind"] = "run") =>
    rows.filter((r) => (kind === "all" || r.kind === kind) && pred(r)).sort(newestFirst).map((r) => r.publicId);

  it("pages through every run exactly once, newest first, across groups of equal createdAt", async () => {
    for (const limit of [1, 4, 7, 50]) expect(await all({}, limit)).toEqual(expected(() => true));
    expect(await all({ kind: "all" }, 7)).toEqual(expected(() => true, "all"));
  });

  it("test runs are left out by default, listed alone with kind=test and beside real runs with kind=all, marked in the summary", async () => {
    const tests = expected(() => true, "test");
    expect(tests.length).toBe(10);
    expect(await all({}, 50)).not.toEqual(expect.arrayContaining([tests[0]]));
    const onlyTests = await listRunsPage(get().handle.db, { kind: "test", limit: 50 });
    expect(onlyTests.runs.map((r) => r.id)).toEqual(tests);
    expect(new Set(onlyTests.runs.map((r) => r.kind))).toEqual(new Set(["test"]));
    expect(await all({ kind: "test", process: "beta" }, 2)).toEqual(expected((r) => r.process === "beta", "test"));
    const both = await listRunsPage(get().handle.db, { kind: "all", limit: 200 });
    expect(both.runs).toHaveLength(90);
    expect(both.runs.filter((r) => r.kind === "test").map((r) => r.id)).toEqual(tests);
    // A search by id finds a test run only when test runs are included.
    expect((await listRunsPage(get().handle.db, { search: tests[0]! })).runs).toEqual([]);
    expect((await listRunsPage(get().handle.db, { search: tests[0]!, kind: "all" })).runs.map((r) => r.id)).toEqual([tests[0]]);
  });

  it("first page is newest first with a cursor; the last page has none", async () => {
    const first = await listRunsPage(get().handle.db, { limit: 10 });
    expect(first.runs.map((r) => r.id)).toEqual(expected(() => true).slice(0, 10));
    expect(first.nextCursor).toEqual(expect.any(String));
    const last = await listRunsPage(get().handle.db, { limit: 200 });
    expect(last.runs).toHaveLength(80);
    expect(last.nextCursor).toBeNull();
  });

  it.each<[string, RunListFilter, (r: Row) => boolean]>([
    ["process (slug)", { process: "beta" }, (r) => r.process === "beta"],
    ["process (public id)", { process: "proc_beta" }, (r) => r.process === "beta"],
    ["process + version", { process: "alpha", version: 2 }, (r) => r.process === "alpha" && r.version === 2],
    ["status", { status: "waiting" }, (r) => r.status === "waiting"],
    ["process + status", { process: "alpha", status: "failed" }, (r) => r.process === "alpha" && r.status === "failed"],
    ["trigger", { trigger: "cron" }, (r) => r.trigger === "cron"],
    ["node", { node: "send" }, (r) => r.nodes.includes("send")],
    ["from", { from: new Date(T0 + 5 * 60_000) }, (r) => r.createdAt.getTime() >= T0 + 5 * 60_000],
    ["to", { to: new Date(T0 + 5 * 60_000) }, (r) => r.createdAt.getTime() < T0 + 5 * 60_000],
    ["from + to", { from: new Date(T0 + 3 * 60_000), to: new Date(T0 + 6 * 60_000) }, (r) => r.createdAt.getTime() >= T0 + 3 * 60_000 && r.createdAt.getTime() < T0 + 6 * 60_000],
    ["minCost", { minCost: 0.05 }, (r) => r.costUsd >= 0.05 - 1e-9],
    ["maxCost", { maxCost: 0.03 }, (r) => r.costUsd <= 0.03 + 1e-9],
    ["cost range", { minCost: 0.02, maxCost: 0.04 }, (r) => r.costUsd >= 0.02 - 1e-9 && r.costUsd <= 0.04 + 1e-9],
    ["search by run id", { search: "run_list42" }, (r) => r.publicId === "run_list42"],
    ["search by idempotency key", { search: "key-35" }, (r) => r.idempotencyKey === "key-35"],
    ["everything at once", { process: "alpha", version: 1, status: "queued", node: "classify", from: new Date(T0) }, (r) => r.process === "alpha" && r.version === 1 && r.status === "queued"],
  ])("filters by %s, on every page", async (_name, filter, pred) => {
    const want = expected(pred);
    expect(want.length).toBeGreaterThan(0);
    expect(await all(filter, 3)).toEqual(want);
  });

  it("an unknown process or version matches nothing; bad input is refused with the field", async () => {
    expect((await listRunsPage(get().handle.db, { process: "nope" })).runs).toEqual([]);
    expect((await listRunsPage(get().handle.db, { process: "alpha", version: 9 })).runs).toEqual([]);
    expect((await listRunsPage(get().handle.db, { search: "no-such-key" })).runs).toEqual([]);
    await expect(listRunsPage(get().handle.db, { version: 2 })).rejects.toThrow(/needs the process/);
    await expect(listRunsPage(get().handle.db, { minCost: 2, maxCost: 1 })).rejects.toThrow(/minCost/);
    await expect(listRunsPage(get().handle.db, { cursor: "garbage" })).rejects.toThrow(/Invalid cursor/);
  });

  it("summaries carry the listed fields and no payload", async () => {
    const [run] = (await listRunsPage(get().handle.db, { search: "run_list10" })).runs;
    const row = rows.find((r) => r.publicId === "run_list10")!;
    expect(run).toMatchObject({ id: "run_list10", process: row.process, version: row.version, status: row.status, trigger: row.trigger, kind: "run", createdAt: row.createdAt });
    expect(run!.totals.costUsd).toBeCloseTo(row.costUsd);
    expect(run).not.toHaveProperty("input");
  });
});
