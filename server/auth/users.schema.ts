import { z } from "zod";
import { roleSchema } from "./roles";

/** Client-safe user schemas shared by the Settings forms and the users router. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`);

export const userCreateInput = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  name: z.string().trim().min(1, "Enter a name").max(100),
  role: roleSchema,
  password: passwordSchema,
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z.object({
  id: z.string().min(1),
  data: z.object({ role: roleSchema }),
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

export const userSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.date(),
});
export type UserSummary = z.infer<typeof userSummary>;
