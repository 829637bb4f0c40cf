import type { Metadata } from "next";
import { requireSessionUser } from "@/server/auth";
import { CalculatorPage } from "@/components/calculator/calculator-page";

export const metadata: Metadata = { title: "Calculator" };

export default async function Page() {
  await requireSessionUser();
  return <CalculatorPage />;
}
