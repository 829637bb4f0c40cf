import { beforeAll, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { ExecutionPlan, validateData } from "@/core";
import { seedExampleProcesses } from "@/server/processes/seed";
import { TEST_AUTH_SECRET } from "@/server/runtime/testing/runtime-harness";
import { describeEachDatabase } from "@/server/testing/databases";
import { appRouter } from "./root";

/**
 * The schema form (components/schema-form) places a refused input on its fields by reading
 * `error.data.details.issues` from the tRPC response. This pins that wire shape: over real HTTP
 * handling, the issues are exactly core's `validateData` issues, paths relative to the input.
 */
describeEachDatabase("contract errors over tRPC", (get) => {
  beforeAll(async () => {
    await seedExampleProcesses(get().handle.db, { masterKey: TEST_AUTH_SECRET });
  });

  async function call(path: string, input: unknown) {
    const req = new Request(`http://localhost/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => ({ db: get().handle.db, user: { id: "u-op", email: "op@example.com", name: "op", role: "operator" as const }, trustedOrigin: true }),
    });
    const body = (await res.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
    return { status: res.status, error: superjson.deserialize<{ message: string; data: { details: { issues?: unknown; fieldErrors?: unknown } | null } }>(body.error) };
  }

  it("a run input that breaks the trigger contract comes back with core's issues, per field", async () => {
    const input = { ticket: { id: "T-1", subject: "Refund", body: "x", plan: "gold" } };
    const { status, error } = await call("runs.create", { slug: "support-triage", input });
    expect(status).toBe(400);
    const version = await get().handle.db.processVersion.findFirstOrThrow({ where: { process: { slug: "support-triage" } }, orderBy: { version: "desc" } });
    const expected = validateData(ExecutionPlan.parse(version.plan).inputSchema, input);
    expect(expected.map((i) => i.path)).toEqual(["ticket.customerEmail", "ticket.plan"]);
    expect(error.data.details?.issues).toEqual(expected);
    expect(error.data.details?.fieldErrors).toEqual({
      "input.ticket.customerEmail": [expected[0]!.message],
      "input.ticket.plan": [expected[1]!.message],
    });
  });
});
