import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/auth";
import { SignInPage } from "@/components/auth/sign-in-page";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths are accepted as a return target (no open redirects). */
function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/processes";
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getSessionUser()) redirect("/processes");
  const params = await searchParams;
  return <SignInPage next={safeNext(params.next)} />;
}
