import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { InboxPage } from "@/components/inbox/inbox-page";

export const metadata: Metadata = { title: "Inbox" };

export default async function Page() {
  await requireSessionUser();
  return <InboxPage />;
}
