import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";
import { AUTH_COOKIE_PREFIX } from "@/server/auth/constants";

/**
 * Optimistic redirect only: no session cookie → /sign-in?next=<path>, so people land back where
 * they were. The authoritative check is in app/(app)/layout.tsx and every tRPC procedure.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request, { cookiePrefix: AUTH_COOKIE_PREFIX })) return NextResponse.next();
  const url = request.nextUrl.clone();
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = "/sign-in";
  url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/", "/processes/:path*", "/runs/:path*", "/inbox/:path*", "/analytics/:path*", "/calculator/:path*", "/settings/:path*"],
};
