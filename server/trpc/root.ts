import { createCallerFactory, createTRPCRouter } from "./init";
import { analyticsRouter } from "./routers/analytics";
import { apiKeysRouter } from "./routers/api-keys";
import { calculatorRouter } from "./routers/calculator";
import { datasetsRouter } from "./routers/datasets";
import { usersRouter } from "./routers/users";
import { escalationsRouter } from "./routers/escalations";
import { processesRouter } from "./routers/processes";
import { runsRouter } from "./routers/runs";
import { settingsRouter } from "./routers/settings";
import { notificationsRouter } from "./routers/notifications";

/** One router per domain; later issues add processes, runs, inbox, analytics. */
export const appRouter = createTRPCRouter({
  apiKeys: apiKeysRouter,
  users: usersRouter,
  processes: processesRouter,
  runs: runsRouter,
  escalations: escalationsRouter,
  settings: settingsRouter,
  notifications: notificationsRouter,
  analytics: analyticsRouter,
  calculator: calculatorRouter,
  datasets: datasetsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
