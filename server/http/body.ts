import { AppError } from "@/server/errors";
import { formatBytes } from "@/server/runs/run-input-limit";

function tooLarge(what: string, limit: number, variable: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `${what} is larger than ${formatBytes(limit)}, the limit for this endpoint (${variable}). Nothing was read or stored.`, {
    limitBytes: limit,
  });
}

/**
 * Reads a request body as text, at most `limit` bytes. A declared Content-Length over the limit is
 * refused before reading anything; otherwise the stream is counted chunk by chunk and cancelled at
 * the limit, so a 20 MB body costs at most `limit` bytes of memory and no parsing. Callers check
 * credentials first: nothing here should run for a request that will be refused anyway.
 */
export async function readBodyText(req: Request, limit: number, variable: string, what = "The request body"): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await req.body?.cancel().catch(() => {});
    throw tooLarge(what, limit, variable);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(what, limit, variable);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A copy of `req` whose body is `text` (for handlers that read the body themselves: tRPC, better-auth). */
export function withBody(req: Request, text: string): Request {
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return new Request(req.url, { method: req.method, headers, body: text, signal: req.signal });
}
