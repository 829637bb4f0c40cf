import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { SignInPage } from "@/components/auth/sign-in-page";
import { safeReturnPath } from "@/components/auth/return-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getSessionUser()) redirect("/processes");
  const params = await searchParams;
  return <SignInPage next={safeReturnPath(params.next)} />;
}
