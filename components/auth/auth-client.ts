"use client";

import { createAuthClient } from "better-auth/react";

/** Browser client for better-auth's endpoints under /api/auth (same origin). */
export const authClient = createAuthClient({ basePath: "/api/auth" });
