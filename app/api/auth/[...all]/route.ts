import { handleAuthRequest } from "@/server/auth";

async function handler(req: Request) {
  return handleAuthRequest(req);
}

export { handler as GET, handler as POST };
