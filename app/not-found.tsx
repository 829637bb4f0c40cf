import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 bg-zinc-50 px-4 text-center">
      <p className="text-sm font-medium text-zinc-500">404</p>
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Page not found</h1>
      <p className="text-sm text-zinc-500">The address may be mistyped, or the page was moved.</p>
      <Link href="/processes" className={buttonClasses({ variant: "secondary" }) + " mt-2"}>
        Go to Processes
      </Link>
    </main>
  );
}
