import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { ProcessesPage } from "@/components/processes/processes-page";

export const metadata: Metadata = { title: "Processes" };

export default async function Page() {
  await requireSessionUser();
  return <ProcessesPage />;
}
