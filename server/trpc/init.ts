import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { z } from "zod";
import type { Db } from "@/server/db/client";
import { AppError, type AppErrorCode } from "@/server/errors";
import { hasRole, type Role } from "@/server/auth/roles";
import { findJsonProblem } from "@/server/http/json-guard";
import type { SessionUser } from "@/server/auth";

/**
 * tRPC context. `trustedOrigin` is computed by the HTTP edge from Origin / Sec-Fetch-Site: cookies
 * travel with cross-site requests, so every mutation must also prove it came from our own pages.
 * Server-side callers (RSC prefetch, tests) are not reachable cross-site and pass `true`.
 */
export type TRPCContext = {
  db: Db;
  user: SessionUser | null;
  trustedOrigin: boolean;
};

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError);
    const zodError = cause instanceof z.ZodError ? cause : null;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // Users see what went wrong and what to do; never internals or a raw issue dump.
      message: internal
        ? "Something went wrong on the server. Try again; if it keeps happening, check the server logs."
        : zodError
          ? zodError.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")
          : shape.message,
      data: {
        ...data,
        appCode: cause instanceof AppError ? cause.code : null,
        details: cause instanceof AppError ? (cause.details ?? null) : null,
        fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors become typed tRPC errors here, at the edge, and nowhere else. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !ctx.trustedOrigin) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "This request did not come from Baton's own pages (origin check failed). Reload the page and try again.",
    });
  }
  return next();
});

/**
 * Every tRPC input obeys the same JSON limits as the REST API (depth, well-formed strings),
 * checked on the raw input before zod or a service walks it.
 */
const acceptableInput = t.middleware(async ({ getRawInput, next }) => {
  const problem = findJsonProblem(await getRawInput(), "The input");
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem.message });
  return next();
});

export const publicProcedure = t.procedure.use(appErrors).use(sameOriginMutations).use(acceptableInput);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Procedures limited to some roles, e.g. `roleProcedure(["admin"])`. */
export function roleProcedure(roles: readonly Role[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.user.role, roles)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${roles.join(" or ")} role; you are signed in as ${ctx.user.role}. Ask an admin.`,
      });
    }
    return next();
  });
}

export const adminProcedure = roleProcedure(["admin"]);
