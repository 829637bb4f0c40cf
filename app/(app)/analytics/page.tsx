import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { AnalyticsPage } from "@/components/analytics/analytics-page";

export const metadata: Metadata = { title: "Analytics" };

export default async function Page() {
  await requireSessionUser();
  return <AnalyticsPage />;
}
