import { beforeAll, afterAll, expect, it, describe } from "vitest";
import { TRPCError } from "@trpc/server";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { createTestDatabase, type TestDatabase } from "@/server/testing/databases";
import { seedExampleProcesses } from "@/server/processes/seed";
import { TEST_AUTH_SECRET } from "@/server/runtime/testing/runtime-harness";
import type { Role } from "@/server/auth/roles";
import { createCaller } from "../root";
import { loadProviderSettings, upsertProvider } from "@/server/settings/settings.service";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  await seedExampleProcesses(t.handle.db, { masterKey: TEST_AUTH_SECRET });
});
afterAll(async () => {
  await t?.drop();
});

const caller = (role: Role) => createCaller({ db: t.handle.db, user: { id: `u-${role}`, email: `${role}@example.com`, name: role, role }, trustedOrigin: true });
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? e.code : `unexpected: ${String(e)}`));

describe("processes, runs, escalations and settings routers", () => {
  it("let every role read and only operators and admins change", async () => {
    const list = await caller("reviewer").processes.list();
    expect(list.map((p) => p.slug)).toEqual(["invoice-reconciliation", "orchestrated-task", "support-triage"]);
    const detail = await caller("reviewer").processes.get({ slug: "support-triage" });
    expect(detail.latest?.functionConfig).toMatchObject({ id: "support-triage-v1" });
    expect(await codeOf(caller("reviewer").processes.create({ graph: humanProcess("trpc-h") }))).toBe("FORBIDDEN");
    expect(await codeOf(caller("reviewer").runs.create({ slug: "support-triage", input: {} }))).toBe("FORBIDDEN");
    expect(await codeOf(caller("operator").settings.tiers.update({ light: "sim/light-1" }))).toBe("FORBIDDEN");
    expect(await caller("reviewer").settings.tiers.get()).toEqual({ light: "sim/light-1", mid: "sim/mid-1", strong: "sim/strong-1" });
    expect(await caller("reviewer").escalations.list({ status: "open" })).toEqual([]);
  });

  it("import, update (id + data) and publish through the router", async () => {
    const created = await caller("operator").processes.create({ graph: humanProcess("trpc-h") });
    expect(created).toMatchObject({ created: true, diagnostics: [] });
    const updated = await caller("operator").processes.update({ id: "trpc-h", data: { graph: { ...humanProcess("trpc-h"), name: "Renamed" } } });
    expect(updated.process.name).toBe("Renamed");
    const published = await caller("operator").processes.publish({ slug: "trpc-h" });
    expect(published).toMatchObject({ status: "published", version: { version: 1, functionId: "trpc-h-v1" } });
  });

  it("stores provider keys sealed and never returns them", async () => {
    // Without an instance secret (tests set none in env) a key is refused, not stored in the clear.
    expect(await codeOf(caller("admin").settings.providers.update({ id: "openai", kind: "openai", name: "OpenAI", apiKey: "sk-x-123456789012345" }))).toBe("PRECONDITION_FAILED");
    const saved = await upsertProvider(t.handle.db, { id: "openai", kind: "openai", name: "OpenAI", apiKey: "sk-test-123456789012345" }, { masterKey: TEST_AUTH_SECRET });
    expect(saved).toEqual({ id: "openai", kind: "openai", name: "OpenAI", baseUrl: null, hasApiKey: true });
    const row = await t.handle.db.modelProvider.findUniqueOrThrow({ where: { id: "openai" } });
    expect(row.apiKeyEncrypted).toMatch(/^v2:/);
    expect(JSON.stringify(await caller("admin").settings.providers.list())).not.toContain("sk-test");
    const runtime = await loadProviderSettings(t.handle.db, { masterKey: TEST_AUTH_SECRET });
    expect(runtime.providers).toEqual([{ id: "sim", kind: "simulator" }, { id: "openai", kind: "openai", apiKey: "sk-test-123456789012345" }]);
  });
});
