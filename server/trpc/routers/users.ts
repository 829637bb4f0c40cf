import { z } from "zod";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../init";
import { userCreateInput, userSummary, userUpdateInput } from "@/server/auth/users.schema";
import { createUser, listUsers, updateUser } from "@/server/auth/users.service";
import { roleSchema } from "@/server/auth/roles";

export const usersRouter = createTRPCRouter({
  me: protectedProcedure
    .output(z.object({ id: z.string(), email: z.string(), name: z.string(), role: roleSchema }))
    .query(({ ctx }) => ctx.user),

  list: adminProcedure.output(z.array(userSummary)).query(({ ctx }) => listUsers(ctx.db)),

  create: adminProcedure
    .input(userCreateInput)
    .output(userSummary)
    .mutation(({ ctx, input }) => createUser(ctx.db, input)),

  update: adminProcedure
    .input(userUpdateInput)
    .output(userSummary)
    .mutation(({ ctx, input }) => updateUser(ctx.db, { ...input, actingUserId: ctx.user.id })),
});
