import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { parseTrustedProxies } from "@/server/auth/client-ip";

/**
 * The one place that reads process.env. Everything else receives config as arguments.
 * The host process (server/host) fills generated secrets (auth secret, engine keys) into
 * process.env before anything imports this module, so they are validated here too.
 */
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const bytes = (fallback: number) => z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(fallback);

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
    DATABASE_URL: z
      .string()
      .default("file:./data/baton.db")
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
        message: "DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
      }),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    BATON_URL: z.string().url().optional(),
    BATON_AUTH_SECRET: z.string().min(32).optional(),
    BATON_MASTER_KEY: z.string().min(32, { message: "BATON_MASTER_KEY must be at least 32 characters (e.g. openssl rand -base64 32)" }).optional(),
    BATON_MASTER_KEY_FILE: z.string().min(1).optional(),
    BATON_MASTER_KEY_PREVIOUS: z.string().min(32).optional(),
    BATON_ENGINE: z.enum(["embedded", "external"]).default("embedded"),
    // No default: the embedded engine opens a port only when asked (see embeddedEngineUrl).
    BATON_ENGINE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    BATON_ENGINE_CHECKPOINTING: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
    BATON_BOOTSTRAP_API_KEY: z.string().min(20).optional(),
    BATON_ADMIN_EMAIL: z.string().email().default("admin@baton.local"),
    INNGEST_BASE_URL: z.string().url().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY_FALLBACK: z.string().optional(),
    INNGEST_EVENT_KEY: z.string().optional(),
    BATON_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    BATON_SECURE_COOKIES: bool,
    // How long an inbox claim holds before others may pick the escalation up without a take-over.
    BATON_CLAIM_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(30),
    /**
     * TEST-ONLY (server/runtime/crash-hook.ts): SIGKILL this process right after the named commit.
     * Ignored unless BATON_TEST_CRASH_CONFIRM is exactly the phrase below, so no stray variable arms it.
     */
    BATON_TEST_CRASH_AT: z.enum(["start-run-committed", "resolve-committed"]).optional(),
    BATON_TEST_CRASH_CONFIRM: z.string().optional(),
    // Request body limits in bytes (docs/limits.md). Bodies are read as a stream and cut off here.
    BATON_MAX_BODY_BYTES: bytes(1024 * 1024),
    BATON_MAX_GRAPH_BODY_BYTES: bytes(8 * 1024 * 1024),
    BATON_MAX_WEBHOOK_BODY_BYTES: bytes(1024 * 1024),
    BATON_MAX_AUTH_BODY_BYTES: bytes(16 * 1024),
    BATON_MAX_RUN_INPUT_BYTES: bytes(1024 * 1024),
    BATON_MAX_ENGINE_BODY_BYTES: bytes(64 * 1024 * 1024),
    BATON_TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        try {
          return parseTrustedProxies(v);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `BATON_TRUSTED_PROXIES: ${(e as Error).message}; list the proxies' addresses, comma-separated` });
          return z.NEVER;
        }
      }),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const lines = issues.map((i) => `  ${(i.path ?? []).map(String).join(".") || "(env)"}: ${i.message}`);
    // Printed before the throw so the reason is the first thing on the console, not a stack.
    console.error(`[baton] invalid configuration (see the README's variable table):\n${lines.join("\n")}`);
    throw new Error("invalid configuration");
  },
  skipValidation: process.env.BATON_SKIP_ENV_VALIDATION === "1",
});

export type Env = typeof env;

export function isPostgres(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * The origin the app's Inngest client gives the embedded engine when the engine has no port of its
 * own (the default): only the in-process fetch answers it, and `.invalid` never resolves, so a
 * request that missed the in-process route fails at once instead of reaching someone else.
 */
export const IN_PROCESS_ENGINE_URL = "http://embedded-engine.invalid";

/** Embedded mode: where the engine is addressed (127.0.0.1:BATON_ENGINE_PORT when that is set). */
export function embeddedEngineUrl(e: Pick<Env, "BATON_ENGINE_PORT"> = env): string {
  return e.BATON_ENGINE_PORT ? `http://127.0.0.1:${e.BATON_ENGINE_PORT}` : IN_PROCESS_ENGINE_URL;
}

export function appUrl(e: Pick<Env, "BATON_URL" | "PORT"> = env): string {
  return e.BATON_URL ?? `http://localhost:${e.PORT}`;
}
