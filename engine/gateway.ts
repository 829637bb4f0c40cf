/**
 * Gateway ops: the HTTP requests the engine makes on a function's behalf, as Inngest's executor does.
 * - `Gateway` (`step.fetch`): `opts {url, method, headers, body}`; any HTTP answer is the step's data
 *   `{url, headers, body, status_code}` (body as text, multi-valued headers joined with ","); only a request
 *   that fails outright (network, timeout) is an error, `GatewayError`.
 * - `AIGateway` (`step.ai.infer`): POSTs `opts.body` as JSON to `opts.url`, authenticated per `opts.format`
 *   (gemini `?key=`, anthropic `x-api-key`, bedrock raw `Authorization`, otherwise `Authorization: Bearer`),
 *   plus `opts.headers`; a 2xx JSON answer is the step's data, anything else an `AIGatewayError`.
 * A failure is retried like the call request that reported the op; once attempts are exhausted it is memoised.
 */
import { Opcode, type Op } from "./protocol.js";

export type GatewayResult = { ok: true; memo: { data: unknown } } | { ok: false; error: { name: string; message: string; stack?: string } };

export async function performGatewayOp(op: Op, signal: AbortSignal): Promise<GatewayResult> {
  return op.op === Opcode.AIGateway ? aiGateway(op, signal) : gateway(op, signal);
}

async function gateway(op: Op, signal: AbortSignal): Promise<GatewayResult> {
  const o = op.opts ?? {};
  const method = typeof o.method === "string" && o.method !== "" ? o.method.toUpperCase() : "GET";
  const url = typeof o.url === "string" ? o.url : "";
  const body = o.body === undefined || o.body === null ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
  try {
    const res = await fetch(url, {
      method,
      headers: stringHeaders(o.headers),
      ...(body !== undefined && method !== "GET" && method !== "HEAD" ? { body } : {}),
      signal,
    });
    const text = await res.text();
    return { ok: true, memo: { data: { url, headers: joinedHeaders(res.headers), body: text, status_code: res.status } } };
  } catch (err) {
    return { ok: false, error: { name: "GatewayError", message: `Error making gateway request: ${errorText(err)}` } };
  }
}

async function aiGateway(op: Op, signal: AbortSignal): Promise<GatewayResult> {
  const o = op.opts ?? {};
  const authKey = typeof o.auth_key === "string" ? o.auth_key : "";
  let url: URL;
  try {
    url = new URL(typeof o.url === "string" ? o.url : "");
  } catch {
    return { ok: false, error: { name: "AIGatewayError", message: `Error making AI request: invalid url ${JSON.stringify(o.url)}` } };
  }
  const headers = new Headers({ "content-type": "application/json" });
  switch (o.format) {
    case "gemini":
      url.searchParams.append("key", authKey);
      break;
    case "bedrock":
      headers.set("authorization", authKey);
      break;
    case "anthropic":
      headers.set("x-api-key", authKey);
      break;
    default:
      headers.set("authorization", `Bearer ${authKey}`);
  }
  for (const [k, v] of Object.entries(stringHeaders(o.headers))) headers.set(k, v);
  let status = 0;
  let text = "";
  let failure: string | undefined;
  try {
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(o.body ?? {}), signal });
    status = res.status;
    text = await res.text();
    if (status > 299) failure = `unsuccessful status code: ${status}`;
  } catch (err) {
    failure = errorText(err);
  }
  if (failure !== undefined) {
    const body = text || '{"error":"Error making AI request"}';
    return { ok: false, error: { name: "AIGatewayError", message: `Error making AI request: ${failure}`, stack: body } };
  }
  try {
    return { ok: true, memo: { data: JSON.parse(text) as unknown } };
  } catch {
    return { ok: false, error: { name: "AIGatewayError", message: "Error making AI request: the response is not JSON", stack: text.slice(0, 2000) } };
  }
}

function stringHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof h === "object" && !Array.isArray(h))
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

function joinedHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
  });
  return out;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
