/** Cookie names are `baton.session_token` (or `__Secure-baton.…` over https). Shared by auth and proxy.ts. */
export const AUTH_COOKIE_PREFIX = "baton";
