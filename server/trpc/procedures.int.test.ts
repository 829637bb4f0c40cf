import { beforeAll, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { describeEachDatabase } from "@/server/testing/databases";
import type { Role } from "@/server/auth/roles";
import { createUser } from "@/server/auth/users.service";
import { setSecret } from "@/server/settings/settings.service";
import { createCaller } from "./root";

describeEachDatabase("tRPC authorisation", (get) => {
  const ids = new Map<Role, string>();
  beforeAll(async () => {
    for (const role of ["admin", "operator", "reviewer"] as const) {
      const user = await createUser(get().handle.db, { email: `${role}@example.com`, name: role, role, password: "password-1" });
      ids.set(role, user.id);
    }
  });

  const caller = (role: Role | null, trustedOrigin = true) =>
    createCaller({
      db: get().handle.db,
      user: role ? { id: ids.get(role)!, email: `${role}@example.com`, name: role, role } : null,
      trustedOrigin,
    });

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => "OK",
      (e: unknown) => (e instanceof TRPCError ? e.code : `unexpected: ${String(e)}`),
    );

  it("requires a session", async () => {
    expect(await codeOf(caller(null).apiKeys.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(caller(null).users.me())).toBe("UNAUTHORIZED");
  });

  it("limits API keys and users to admins", async () => {
    for (const role of ["operator", "reviewer"] as const) {
      expect(await codeOf(caller(role).apiKeys.list())).toBe("FORBIDDEN");
      expect(await codeOf(caller(role).apiKeys.create({ name: "x", role: "admin" }))).toBe("FORBIDDEN");
      expect(await codeOf(caller(role).users.list())).toBe("FORBIDDEN");
      expect(await codeOf(caller(role).users.create({ email: "a@b.co", name: "A", role: "admin", password: "password-1" }))).toBe("FORBIDDEN");
      expect(await caller(role).users.me()).toMatchObject({ role });
    }
    expect(await codeOf(caller("admin").apiKeys.list())).toBe("OK");
  });

  it("lets an admin create, list and revoke keys; the list never carries the key", async () => {
    const admin = caller("admin");
    const created = await admin.apiKeys.create({ name: "From tRPC", role: "operator" });
    expect(created.key).toMatch(/^bk_/);
    const listed = await admin.apiKeys.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const revoked = await admin.apiKeys.revoke({ id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
  });

  it("maps domain errors to typed tRPC errors", async () => {
    const admin = caller("admin");
    const err = await admin.apiKeys.revoke({ id: "missing" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("does not exist") });
    await admin.users.create({ email: "dup@example.com", name: "Dup", role: "reviewer", password: "password-1" });
    expect(
      await codeOf(admin.users.create({ email: "dup@example.com", name: "Dup", role: "reviewer", password: "password-1" })),
    ).toBe("CONFLICT");
  });

  it("validates input", async () => {
    expect(await codeOf(caller("admin").apiKeys.create({ name: "", role: "admin" }))).toBe("BAD_REQUEST");
    // @ts-expect-error an unknown role is rejected at runtime too
    expect(await codeOf(caller("admin").apiKeys.create({ name: "x", role: "owner" }))).toBe("BAD_REQUEST");
  });

  it("shows a process's webhook path (a credential that starts runs) only to roles that may start runs", async () => {
    const graph = { slug: "hook-visibility", name: "Hook visibility", nodes: [], edges: [] };
    await caller("operator").processes.create({ graph });
    const seen = async (role: Role) => {
      const detail = await caller(role).processes.get({ slug: "hook-visibility" });
      return detail.webhookPath;
    };
    expect(await seen("admin")).toMatch(/^\/api\/hooks\/wh_/);
    expect(await seen("operator")).toBe(await seen("admin"));
    expect(await seen("reviewer")).toBeNull();
    const token = (await seen("admin"))!.split("/").pop()!;
    for (const role of ["admin", "operator", "reviewer"] as const) {
      expect(JSON.stringify(await caller(role).processes.list())).not.toContain(token);
    }
    expect(JSON.stringify(await caller("reviewer").processes.get({ slug: "hook-visibility" }))).not.toContain(token);
  });

  it("accepts only http(s) provider base URLs", async () => {
    for (const baseUrl of ["javascript:alert(document.cookie)", "file:///etc/passwd", "data:text/html,x"]) {
      const err = await caller("admin").settings.providers.update({ id: "bad-url", kind: "openai-compatible", name: "Bad", baseUrl }).catch((e: unknown) => e);
      expect(err, baseUrl).toBeInstanceOf(TRPCError);
      expect(err).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("http:// or https://") });
    }
    expect(await caller("admin").settings.providers.list()).not.toContainEqual(expect.objectContaining({ id: "bad-url" }));
    const ok = await caller("admin").settings.providers.update({ id: "local", kind: "openai-compatible", name: "Local", baseUrl: "http://127.0.0.1:11434/v1" });
    expect(ok.baseUrl).toBe("http://127.0.0.1:11434/v1");
  });

  it("binds each secret to hosts: required and checked when set, enforced when a graph is saved and published", async () => {
    const admin = caller("admin");
    for (const allowedUrls of [undefined, [], ["javascript:alert(1)"], ["https://user:pw@crm.example.com/"]]) {
      const err = await admin.settings.secrets
        .update({ name: "CRM_KEY", value: "v", ...(allowedUrls ? { allowedUrls } : {}) } as { name: string; value: string; allowedUrls: string[] })
        .catch((e: unknown) => e);
      expect(err, JSON.stringify(allowedUrls)).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("allowedUrls") });
    }
    await setSecret(get().handle.db, { name: "CRM_KEY", value: "crm-secret", allowedUrls: ["https://crm.example.com/api/"] }, { masterKey: "test-auth-secret-0123456789abcdef0123" });
    expect((await admin.settings.secrets.list()).find((x) => x.name === "CRM_KEY")?.allowedUrls).toEqual(["https://crm.example.com/api/"]);

    const graph = (url: string) => ({
      slug: "secret-scope",
      name: "Secret scope",
      nodes: [
        { id: "start", kind: "trigger", name: "Start", inputSchema: { type: "object", required: ["id"], properties: { id: { type: "string" } } } },
        {
          id: "call", kind: "tool", name: "Call",
          contract: { method: "GET", url, headers: { "X-Api-Key": "{{ secrets.CRM_KEY }}" }, inputSchema: { type: "object", properties: {} }, outputSchema: { type: "object", properties: {} } },
          input: {},
        },
        { id: "done", kind: "end", name: "Done" },
      ],
      edges: [{ id: "e1", source: "start", target: "call" }, { id: "e2", source: "call", target: "done" }],
    });
    const operator = caller("operator");
    // The first save creates the process; later ones update its draft (create refuses an existing slug).
    let created = false;
    const save = async (g: Record<string, unknown>) => {
      const r = created ? await operator.processes.update({ id: "secret-scope", data: { graph: g } }) : await operator.processes.create({ graph: g });
      created = true;
      return r;
    };
    for (const [url, code] of [["https://attacker.example/{{ input.id }}", "secret-url-not-allowed"], ["https://{{ input.id }}/api/x", "secret-url-host-templated"]] as const) {
      const saved = await save(graph(url));
      expect(saved.diagnostics.map((d) => d.code), url).toContain(code);
      const refused = await operator.processes.publish({ slug: "secret-scope" }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "BAD_REQUEST" });
      expect(JSON.stringify((refused as TRPCError).cause)).toContain(code);
    }
    const fine = await save(graph("https://crm.example.com/api/items/{{ input.id }}"));
    expect(fine.diagnostics.filter((d) => d.code.startsWith("secret-"))).toEqual([]);
  });

  it("refuses mutations from an untrusted origin, even for admins", async () => {
    expect(await codeOf(caller("admin", false).apiKeys.create({ name: "csrf", role: "admin" }))).toBe("FORBIDDEN");
    // Queries are safe (no side effects) and still work.
    expect(await codeOf(caller("admin", false).apiKeys.list())).toBe("OK");
  });
});
