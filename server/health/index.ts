import "server-only";
import { getDatabase } from "@/server/db";
import { checkDatabase } from "@/server/db/client";
import { embeddedEngineUrl, env } from "@/server/env";
import { engineAwareFetch } from "@/server/runtime/engine-fetch";
import { checkEngine, type EngineHealth } from "./health.service";

export type Health = {
  ok: boolean;
  database: Awaited<ReturnType<typeof checkDatabase>>;
  engine: EngineHealth;
};

/** Health of this process's dependencies, with config taken from env. */
export async function getHealth(): Promise<Health> {
  const [database, engine] = await Promise.all([
    getDatabase().then(checkDatabase, (error: unknown) => ({
      ok: false as const,
      provider: /^postgres/.test(env.DATABASE_URL) ? ("postgres" as const) : ("sqlite" as const),
      error: error instanceof Error ? error.message.split("\n")[0]! : String(error),
    })),
    checkEngine({
      mode: env.BATON_ENGINE,
      url: env.BATON_ENGINE === "embedded" ? embeddedEngineUrl() : env.INNGEST_BASE_URL,
      hasKeys: Boolean(env.INNGEST_SIGNING_KEY && env.INNGEST_EVENT_KEY),
    }, engineAwareFetch),
  ]);
  return { ok: database.ok && engine.ok, database, engine };
}
