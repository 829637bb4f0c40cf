import "server-only";
import { cache, createElement, type ReactNode } from "react";
import { headers } from "next/headers";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { appRouter } from "./root";
import { createServerContext } from "./context";
import { makeServerQueryClient } from "./query-client";

/** One QueryClient per server request. */
export const getQueryClient = cache(makeServerQueryClient);

/** Options proxy for server components: `prefetch(trpc.apiKeys.list.queryOptions())`. */
export const trpc = createTRPCOptionsProxy({
  ctx: async () => createServerContext(await headers()),
  router: appRouter,
  queryClient: getQueryClient,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T): void {
  void getQueryClient().prefetchQuery(queryOptions);
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}
