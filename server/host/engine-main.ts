/**
 * `npm run engine`: the embedded engine on its own, with its state in the app database. Start the
 * app with BATON_ENGINE=external and INNGEST_BASE_URL pointing here (and the keys printed by
 * `npm run engine -- --print-keys`); the app registers its functions at start.
 */
import { env } from "@/server/env";
import { openDatabase } from "@/server/db/client";
import { loadOrCreateSecrets } from "./secrets";
import { startEmbeddedEngine } from "./engine";
import { migrate } from "../../scripts/db.mjs";

const say = (m: string) => process.stdout.write(`[baton-engine] ${m}\n`);

async function main() {
  const printKeys = process.argv.includes("--print-keys");
  // With --print-keys stdout is only the keys: `eval $(npm run -s engine -- --print-keys)` runs it.
  await migrate(env.DATABASE_URL, { log: printKeys ? () => {} : say });
  const handle = await openDatabase(env.DATABASE_URL);
  const secrets = await loadOrCreateSecrets(handle.db);
  if (printKeys) {
    // Explicitly requested by the operator on their own terminal; never logged otherwise.
    process.stdout.write(`INNGEST_SIGNING_KEY=${secrets.signingKey}\nINNGEST_EVENT_KEY=${secrets.eventKey}\n`);
    await handle.close();
    return;
  }
  const running = await startEmbeddedEngine({
    db: handle.db,
    sqliteConnection: handle.sqliteConnection,
    port: env.BATON_ENGINE_PORT ?? 8288,
    signingKey: secrets.signingKey,
    eventKey: secrets.eventKey,
    checkpointing: env.BATON_ENGINE_CHECKPOINTING,
    logLevel: env.BATON_LOG_LEVEL,
    log: say,
  });
  await running.engine.start();
  say(`engine listening at ${running.url}`);
  const stop = async () => {
    await running.stop().catch(() => {});
    await handle.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  console.error(`[baton-engine] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
