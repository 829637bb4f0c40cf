import "server-only";
import { z } from "zod";
import { adminProcedure, protectedProcedure, createTRPCRouter } from "../init";
import { env } from "@/server/env";
import { priceRowInput, priceRowOutput, providerInput, providerSummary, secretInput, secretSummary, tierSettings } from "@/server/settings/settings.schema";
import {
  deleteProvider,
  deleteSecret,
  getTierSettings,
  listPrices,
  listProviders,
  listSecrets,
  setSecret,
  setTierSettings,
  upsertPrice,
  upsertProvider,
} from "@/server/settings/settings.service";

const secrets = () => ({ masterKey: env.BATON_MASTER_KEY });

/** Runtime settings. Reads for every signed-in user (the designer shows tiers and prices); writes for admins. */
export const settingsRouter = createTRPCRouter({
  tiers: createTRPCRouter({
    get: protectedProcedure.output(tierSettings).query(({ ctx }) => getTierSettings(ctx.db)),
    update: adminProcedure.input(tierSettings).output(tierSettings).mutation(({ ctx, input }) => setTierSettings(ctx.db, input)),
  }),
  providers: createTRPCRouter({
    list: protectedProcedure.output(z.array(providerSummary)).query(({ ctx }) => listProviders(ctx.db)),
    update: adminProcedure.input(providerInput).output(providerSummary).mutation(({ ctx, input }) => upsertProvider(ctx.db, input, secrets())),
    delete: adminProcedure.input(z.strictObject({ id: z.string() })).output(z.object({ id: z.string() })).mutation(({ ctx, input }) => deleteProvider(ctx.db, input)),
  }),
  prices: createTRPCRouter({
    list: protectedProcedure.output(z.array(priceRowOutput)).query(({ ctx }) => listPrices(ctx.db)),
    update: adminProcedure.input(priceRowInput).output(priceRowOutput).mutation(({ ctx, input }) => upsertPrice(ctx.db, input)),
  }),
  secrets: createTRPCRouter({
    list: adminProcedure.output(z.array(secretSummary)).query(({ ctx }) => listSecrets(ctx.db)),
    update: adminProcedure.input(secretInput).output(secretSummary).mutation(({ ctx, input }) => setSecret(ctx.db, input, secrets())),
    delete: adminProcedure.input(z.strictObject({ name: z.string() })).output(z.object({ name: z.string() })).mutation(({ ctx, input }) => deleteSecret(ctx.db, input)),
  }),
});
