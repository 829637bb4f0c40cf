import { beforeAll, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { describeEachDatabase } from "@/server/testing/databases";
import { humanProcess } from "@/server/runtime/testing/graphs";
import { createUser } from "@/server/auth/users.service";
import { createApiKey } from "@/server/api-keys/api-keys.service";
import { createCaller } from "@/server/trpc/root";
import { handleRestRequest } from "@/server/rest/rest-handler";
import type { EventSender } from "@/server/runtime/events";
import { getProcess, importProcess } from "./processes.service";

/**
 * The designer's "New process" must never replace the draft of a process that already has the
 * slug (it used to: only the browser checked, and the server's create was an upsert). The REST
 * import keeps its documented upsert.
 */
describeEachDatabase("creating a process from the designer refuses an existing slug", (get) => {
  let operatorId = "";
  beforeAll(async () => {
    operatorId = (await createUser(get().handle.db, { email: "op@example.com", name: "op", role: "operator", password: "password-1" })).id;
  });
  const operator = () =>
    createCaller({ db: get().handle.db, user: { id: operatorId, email: "op@example.com", name: "op", role: "operator" }, trustedOrigin: true });

  it("refuses with CONFLICT naming the slug and leaves the existing draft untouched", async () => {
    const d = get().handle.db;
    await operator().processes.create({ graph: { ...humanProcess("taken"), name: "Original" } });
    const before = await getProcess(d, { slug: "taken", role: "admin" });

    const err = await operator()
      .processes.create({ graph: { ...humanProcess("taken"), name: "Overwrite attempt", nodes: [] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("CONFLICT");
    expect((err as TRPCError).message).toMatch(/"taken" already exists/);

    const after = await getProcess(d, { slug: "taken", role: "admin" });
    expect(after).toMatchObject({ name: "Original", draftRevision: before.draftRevision });
    expect(after.draft).toEqual(before.draft);
  });

  it("lets exactly one of two concurrent creates of the same new slug through", async () => {
    const results = await Promise.allSettled([
      operator().processes.create({ graph: { ...humanProcess("race"), name: "one" } }),
      operator().processes.create({ graph: { ...humanProcess("race"), name: "two" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.map((r) => (r.reason as TRPCError).code)).toEqual(["CONFLICT"]);
  });

  it("keeps the REST import an upsert: it replaces the draft of an existing slug", async () => {
    const d = get().handle.db;
    await importProcess(d, { graph: { ...humanProcess("rest-upsert"), name: "First" } });
    const key = (await createApiKey(d, { name: "op", role: "operator", createdById: null })).key;
    const noEvents: EventSender = { send: async () => ({ ids: [] }) } as unknown as EventSender;
    const res = await handleRestRequest(
      new Request("http://baton.test/api/v1/processes", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ graph: { ...humanProcess("rest-upsert"), name: "Replaced" } }),
      }),
      { db: d, events: noEvents },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: false, process: { name: "Replaced" } });
    expect(await getProcess(d, { slug: "rest-upsert", role: "admin" })).toMatchObject({ name: "Replaced", draftRevision: 1 });
  });
});
