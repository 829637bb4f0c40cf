import Link from "next/link";
import type { ReactNode } from "react";
import type { SessionUser } from "@/server/auth";
import { Badge } from "@/components/ui/badge";
import { BatonMark } from "@/components/ui/icons";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      {/* The background and border sit on the aside, which the flex row stretches to the full page
          height; only the inner column is sticky. Before, the sticky aside itself was h-screen, so
          its background covered one viewport and depended on sticky positioning holding. */}
      <aside className="w-56 shrink-0 self-stretch border-r border-zinc-200 bg-zinc-50">
        <div className="sticky top-0 flex h-screen flex-col">
          <Link href="/processes" className="flex h-14 items-center gap-2 px-4 font-semibold tracking-tight text-zinc-900">
            <span className="flex size-7 items-center justify-center rounded-md bg-zinc-900 text-white">
              <BatonMark className="size-4" />
            </span>
            Baton
          </Link>
          <nav aria-label="Main" className="flex-1 px-2 pt-2">
            <NavLinks />
          </nav>
          <p className="px-4 py-3 text-xs text-zinc-400">Open-source · self-hosted</p>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-3 border-b border-zinc-200 bg-white px-6">
          <div className="flex items-center gap-2 text-sm" data-testid="current-user">
            <span className="text-zinc-700">{user.email}</span>
            <Badge>{user.role}</Badge>
          </div>
          <span className="h-5 w-px bg-zinc-200" aria-hidden="true" />
          <SignOutButton />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-8 py-8">{children}</main>
      </div>
    </div>
  );
}
