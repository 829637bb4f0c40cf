import { createCallerFactory, createTRPCRouter } from "./init";
import { apiKeysRouter } from "./routers/api-keys";
import { usersRouter } from "./routers/users";

/** One router per domain; later issues add processes, runs, inbox, analytics. */
export const appRouter = createTRPCRouter({
  apiKeys: apiKeysRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
