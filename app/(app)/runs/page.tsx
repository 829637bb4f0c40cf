import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { RunsPage } from "@/components/runs/runs-page";

export const metadata: Metadata = { title: "Runs" };

export default async function Page() {
  await requireSessionUser();
  return <RunsPage />;
}
