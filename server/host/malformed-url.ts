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

/** Answers 400 with a JSON error and returns true when the request path cannot be decoded. */
export function rejectMalformedPath(req: IncomingMessage, res: ServerResponse): boolean {
  const problem = malformedPathProblem(req.url);
  if (!problem) return false;
  const body = JSON.stringify({ error: { code: "BAD_REQUEST", message: problem } });
  res.writeHead(400, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body);
  // Whatever body the client sends is not read; dropping the connection afterwards frees it.
  req.resume();
  return true;
}
