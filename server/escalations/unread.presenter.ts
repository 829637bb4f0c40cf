import type { Db } from "@/server/db/client";
import type { Role } from "@/server/auth/roles";
import { decidableRoles } from "./inbox.presenter";

/**
 * The navigation's unread count: open escalations the user may decide (the inbox's "mine" scope)
 * that they have not opened yet. Opening the case file writes a `viewed` audit entry
 * (audit.service.ts), so that entry is what marks one read; nothing else is stored for it.
 */
export async function countUnread(db: Db, params: { role: Role; userId: string }): Promise<number> {
  return db.escalation.count({
    where: {
      status: "open",
      ...(params.role === "admin" ? {} : { role: { in: decidableRoles(params.role) } }),
      audit: { none: { action: "viewed", actorUserId: params.userId } },
    },
  });
}
