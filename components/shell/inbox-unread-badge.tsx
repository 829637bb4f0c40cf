"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

/**
 * Open escalations the user may decide and has not opened yet (server/escalations/unread.presenter.ts).
 * Polls on the inbox list's own 5-second interval, so it follows new escalations and the user's
 * views without a push channel of its own; nothing shows while it is zero or loading.
 */
export function InboxUnreadBadge() {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.escalations.unreadCount.queryOptions(), refetchInterval: 5000 });
  const count = data?.count ?? 0;
  if (count === 0) return null;
  return (
    <span
      data-testid="inbox-unread"
      aria-label={`${count} unread escalation${count === 1 ? "" : "s"}`}
      className="ml-auto rounded-full bg-sky-600 px-1.5 py-0.5 text-[11px] leading-none font-semibold text-white tabular-nums"
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}
