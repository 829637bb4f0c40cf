/**
 * The Baton process: migrates the database, prepares instance secrets and the first admin, starts
 * the embedded Inngest-compatible engine and the Next.js app in one process, then syncs the app's
 * functions into the engine. `npm start` runs this after install/generate/build.
 */
import { createServer } from "node:http";
import { resolve } from "node:path";
import next from "next";
import { env, appUrl, embeddedEngineUrl, IN_PROCESS_ENGINE_URL } from "@/server/env";
import { openDatabase } from "@/server/db/client";
import { loadOrCreateSecrets } from "./secrets";
import { rejectBeforeNext } from "./request-guard";
import { defaultMasterKeyFile, prepareMasterKey } from "@/server/crypto/master-key";
import { CLIENT_IP_HEADER, createClientIpResolver } from "@/server/auth/client-ip";
import { hashStoredSessionTokens } from "@/server/auth/hashed-session-tokens";
import { ensureFirstAdmin, registerBootstrapApiKey } from "@/server/auth/bootstrap.service";
import { startEmbeddedEngine, type RunningEngine } from "./engine";
import { seedExampleProcesses } from "@/server/processes/seed";
import { backfillRollupsIfMissing } from "@/server/analytics/rollup-rebuild";
import { registerResync, resyncByPut } from "@/server/runtime/resync";
import { registerEngineFetch } from "@/server/runtime/engine-fetch";
import { appServeFetch } from "@/server/runtime/app-serve";
import { crashArmedAt } from "@/server/runtime/crash-hook";
import { installProcessEnvSnapshot } from "@/server/runtime/process-env";
import { createHostOutbox } from "./outbox";
import { startDatasetSweep } from "@/server/datasets/dataset-pump";
import { NotificationDispatcher } from "@/server/notifications/dispatcher";
import { registerNotifier } from "@/server/notifications/enqueue";
import { migrate } from "../../scripts/db.mjs";

const root = resolve(import.meta.dirname, "../..");

function say(msg: string) {
  process.stdout.write(`[baton] ${msg}\n`);
}

async function main() {
  const started = Date.now();
  // The inngest SDK enumerates process.env on every request; a plain copy makes that cheap (process-env.ts).
  installProcessEnvSnapshot();
  const armed = crashArmedAt();
  if (armed) say(`WARNING: TEST-ONLY crash hook armed (BATON_TEST_CRASH_AT=${armed}): this process will SIGKILL itself. Never set this outside the crash test.`);
  await migrate(env.DATABASE_URL, { log: say });
  const handle = await openDatabase(env.DATABASE_URL);
  // One database client per process: the Next.js bundle's server/db picks this handle up instead of
  // opening a second SQLite connection whose write locks could interleave with ours.
  (globalThis as { __batonDb?: Promise<typeof handle> }).__batonDb = Promise.resolve(handle);
  const secrets = await loadOrCreateSecrets(handle.db);

  // Everything below (including the Next.js server bundle) reads these through server/env.ts.
  // An explicit BATON_AUTH_SECRET wins over the generated one; everything (sessions, encrypted
  // provider keys and secrets) then uses the same value.
  const authSecret = env.BATON_AUTH_SECRET ?? secrets.authSecret;
  process.env.BATON_AUTH_SECRET = authSecret;
  // Secrets and provider keys are sealed with the master key, which is kept outside the database;
  // values sealed with the old auth-secret-derived key are re-sealed once, here.
  const masterKey = await prepareMasterKey(handle.db, {
    key: env.BATON_MASTER_KEY,
    file: env.BATON_MASTER_KEY_FILE ?? defaultMasterKeyFile(),
    previousKey: env.BATON_MASTER_KEY_PREVIOUS,
    legacyAuthSecret: authSecret,
    log: say,
  });
  process.env.BATON_MASTER_KEY = masterKey;
  const hashedSessions = await hashStoredSessionTokens(handle.db);
  if (hashedSessions > 0) say(`stored ${hashedSessions} session token(s) as hashes`);
  const embedded = env.BATON_ENGINE === "embedded";
  if (embedded) {
    process.env.INNGEST_SIGNING_KEY = secrets.signingKey;
    process.env.INNGEST_EVENT_KEY = secrets.eventKey;
    process.env.INNGEST_BASE_URL = embeddedEngineUrl();
  }

  if (env.BATON_BOOTSTRAP_API_KEY) {
    const r = await registerBootstrapApiKey(handle.db, env.BATON_BOOTSTRAP_API_KEY);
    if (r.created) say("registered BATON_BOOTSTRAP_API_KEY as an admin API key");
  }

  const seeded = await seedExampleProcesses(handle.db, { masterKey });
  for (const p of seeded.processes) {
    if (p.error) say(`example process ${p.slug}: ${p.error}`);
    else if (p.status !== "unchanged" && p.status !== "exists") say(`example process ${p.slug}: ${p.status}${p.version ? ` (v${p.version})` : ""}`);
  }
  // Step records from before the analytics rollups existed (an upgrade): build them once, before any step runs.
  if (await backfillRollupsIfMissing(handle.db)) say("built the analytics rollups from the existing step records");

  const serveUrl = `http://127.0.0.1:${env.PORT}/api/inngest`;
  let engine: RunningEngine | undefined;
  if (embedded) {
    engine = await startEmbeddedEngine({
      db: handle.db,
      sqliteConnection: handle.sqliteConnection,
      // No port unless BATON_ENGINE_PORT asks for one (for SDK apps outside this process): the app
      // below reaches the engine in-process, and the engine calls the app's serve route in-process too
      // once Next.js has loaded it (the first sync goes over HTTP and loads it).
      port: env.BATON_ENGINE_PORT,
      appFetch: appServeFetch(serveUrl, fetch, () => say("engine: calls the app's serve route in-process from now on")),
      signingKey: secrets.signingKey,
      eventKey: secrets.eventKey,
      checkpointing: env.BATON_ENGINE_CHECKPOINTING,
      logLevel: env.BATON_LOG_LEVEL,
      log: say,
    });
  }

  // The app's Inngest client reaches the embedded engine in-process (same routes, no socket).
  if (engine) registerEngineFetch(engine.engine.inProcessFetch(fetch, [IN_PROCESS_ENGINE_URL]));
  // Registered before the first request so every after-commit delivery goes through it; its client is
  // built from the final configuration (the generated engine keys are in process.env only now).
  const outbox = createHostOutbox(
    handle.db,
    embedded ? { ...env, INNGEST_SIGNING_KEY: secrets.signingKey, INNGEST_EVENT_KEY: secrets.eventKey } : env,
    say,
  );

  // Escalation webhooks: registered before the first request (a commit that writes deliveries kicks it),
  // started with the outbox (sends what a previous process left pending, then polls for near-SLA notices).
  const notifier = new NotificationDispatcher(handle.db, { masterKey, baseUrl: appUrl(), log: say });
  registerNotifier(notifier);

  const app = next({ dev: false, dir: root, port: env.PORT, hostname: "localhost" });
  await app.prepare();
  const handler = app.getRequestHandler();
  const resolveClientIp = createClientIpResolver(env.BATON_TRUSTED_PROXIES);
  const server = createServer((req, res) => {
    if (rejectBeforeNext(req, res)) return;
    // Only the host sees the socket: it states the client address (never taken from the client).
    const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(",") : v);
    const ip = resolveClientIp(req.socket.remoteAddress, { forwardedFor: first(req.headers["x-forwarded-for"]), realIp: first(req.headers["x-real-ip"]) });
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    void handler(req, res);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(env.PORT, ok);
  });

  if (engine) {
    await engine.syncApp(serveUrl);
    const running = engine;
    // Publishing a process re-syncs the engine: new versions run without a redeploy.
    registerResync(() => running.engine.syncApp(serveUrl).then(() => {}));
  } else {
    const resync = resyncByPut(serveUrl, env.INNGEST_SIGNING_KEY ?? "");
    await registerWithExternalEngine(serveUrl, resync);
    registerResync(resync);
  }
  // Now that the engine knows the app's functions: deliver what a killed process committed but never sent.
  await outbox.start();
  // Dataset runs: launch what a killed process left unlaunched, and pace runs that ended without their own step (cancelled).
  const stopDatasetSweep = startDatasetSweep(handle.db, { events: outbox.sender }, say);
  await notifier.start();
  // The first admin is created only now that everything started: a start that fails later must not
  // have printed (and so used up) the one-time password. A missed one: npm run admin:reset-password.
  const admin = await ensureFirstAdmin(handle.db, { email: env.BATON_ADMIN_EMAIL });
  if (admin.created) {
    say("");
    say("First start: created the admin account. These credentials are shown only once:");
    say(`  email:    ${admin.email}`);
    say(`  password: ${admin.password}`);
    say("Sign in and add users and API keys in Settings (lost it? npm run admin:reset-password).");
    say("");
  }
  const engineWhere = engine ? `embedded${env.BATON_ENGINE_PORT ? ` on ${engine.url}` : ""}` : "external";
  say(`Baton is running at ${appUrl()} (${handle.provider}, engine ${engineWhere}) — ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    server.close();
    outbox.stop();
    stopDatasetSweep();
    notifier.stop();
    await engine?.stop().catch(() => {});
    await handle.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** External mode: a (signed) PUT to our own serve endpoint makes the SDK register with INNGEST_BASE_URL / Inngest Cloud. */
async function registerWithExternalEngine(serveUrl: string, resync: () => Promise<void>) {
  try {
    await resync();
    say("registered functions with the external engine");
  } catch (e) {
    say(`could not register with the external engine (it will retry when you sync from its dashboard): ${(e as Error).message}`);
  }
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException & { port?: number };
  if (err?.code === "EADDRINUSE") {
    console.error(`[baton] failed to start: port ${err.port ?? "?"} is already in use. Stop the other process or choose another ${err.port === env.BATON_ENGINE_PORT ? "BATON_ENGINE_PORT" : "PORT"}.`);
    process.exit(1);
  }
  console.error(`[baton] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
