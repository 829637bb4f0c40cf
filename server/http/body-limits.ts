/** Request body limits per kind of endpoint, in bytes (env: BATON_MAX_*_BYTES; docs/limits.md). */
export interface BodyLimits {
  /** REST v1 and tRPC bodies (BATON_MAX_BODY_BYTES). */
  api: number;
  /** Process graph import and draft save, REST and tRPC (BATON_MAX_GRAPH_BODY_BYTES). */
  graph: number;
  /** POST /api/hooks/{token} (BATON_MAX_WEBHOOK_BODY_BYTES). */
  webhook: number;
  /** /api/auth/* (sign-in and the like; BATON_MAX_AUTH_BODY_BYTES). */
  auth: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { api: 1024 * 1024, graph: 8 * 1024 * 1024, webhook: 1024 * 1024, auth: 16 * 1024 };

export function bodyLimitsFrom(e: { BATON_MAX_BODY_BYTES: number; BATON_MAX_GRAPH_BODY_BYTES: number; BATON_MAX_WEBHOOK_BODY_BYTES: number; BATON_MAX_AUTH_BODY_BYTES: number }): BodyLimits {
  return { api: e.BATON_MAX_BODY_BYTES, graph: e.BATON_MAX_GRAPH_BODY_BYTES, webhook: e.BATON_MAX_WEBHOOK_BODY_BYTES, auth: e.BATON_MAX_AUTH_BODY_BYTES };
}
