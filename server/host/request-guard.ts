import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Next.js decodes every path segment with decodeURIComponent while routing and answers a 500
 * when that throws (`/api/v1/runs/%E0%A4%A`, `/api/hooks/%ZZ`), before any of our handlers runs.
 * The host checks the path first and answers 400 itself. The query string is left alone: it is
 * parsed leniently by URLSearchParams and validated by each handler.
 */
export function malformedPathProblem(rawUrl: string | undefined): string | undefined {
  const url = rawUrl ?? "/";
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return "The URL path is not valid percent-encoding: every % must be followed by two hex digits, and the bytes must form UTF-8. Encode the path with encodeURIComponent.";
  }
}

/**
 * Pages take no request bodies: Baton has no server actions, yet Next.js reads the whole body of a
 * POST to a page (20 MB took seconds). Everything that accepts a body lives under /api/.
 */
export function pageBodyProblem(method: string | undefined, rawUrl: string | undefined): string | undefined {
  if (!method || method === "GET" || method === "HEAD") return undefined;
  const url = rawUrl ?? "/";
  if (url === "/api" || url.startsWith("/api/") || url.startsWith("/api?")) return undefined;
  return `Pages accept GET only (this was ${method}). Send data to the API under /api/ (see /api/v1/openapi.json).`;
}

function reject(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { code: "BAD_REQUEST", message } });
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
  // Whatever body the client sends is discarded as it arrives (never buffered or parsed). Closing
  // the socket instead would reset clients still sending, before they read the answer.
  req.resume();
}

/**
 * Requests answered by the host before Next.js sees them: a path that cannot be decoded (400)
 * and a body sent to a page (405). Returns true when it answered.
 */
export function rejectBeforeNext(req: IncomingMessage, res: ServerResponse): boolean {
  const malformed = malformedPathProblem(req.url);
  if (malformed) {
    reject(req, res, 400, malformed);
    return true;
  }
  const pageBody = pageBodyProblem(req.method, req.url);
  if (pageBody) {
    reject(req, res, 405, pageBody, { allow: "GET, HEAD" });
    return true;
  }
  return false;
}
