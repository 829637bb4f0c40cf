import Link from "next/link";

export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-xs font-medium text-zinc-500 hover:text-zinc-900">
      <span aria-hidden="true">←</span> {children}
    </Link>
  );
}
