"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { NAV_ITEMS } from "./nav";
import { InboxUnreadBadge } from "./inbox-unread-badge";

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="space-y-0.5">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors",
                active ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200" : "text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900",
              )}
            >
              <Icon className={cn("size-4", active ? "text-zinc-900" : "text-zinc-400")} />
              {label}
              {href === "/inbox" ? <InboxUnreadBadge /> : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
