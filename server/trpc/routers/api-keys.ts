import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../init";
import { apiKeyCreated, apiKeyCreateInput, apiKeyIdInput, apiKeySummary } from "@/server/api-keys/api-keys.schema";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/api-keys/api-keys.service";

export const apiKeysRouter = createTRPCRouter({
  list: adminProcedure.output(z.array(apiKeySummary)).query(({ ctx }) => listApiKeys(ctx.db)),

  create: adminProcedure
    .input(apiKeyCreateInput)
    .output(apiKeyCreated)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, { ...input, createdById: ctx.user.id })),

  revoke: adminProcedure
    .input(apiKeyIdInput)
    .output(apiKeySummary)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, input)),
});
