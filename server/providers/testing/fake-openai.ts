import { startFakeServer, type FakeReply, type FakeServer } from "./fake-http";

/**
 * A stand-in for the OpenAI Chat Completions API on 127.0.0.1: it records what the real `openai`
 * SDK sends and answers with scripted replies built by the helpers below. Point the SDK at
 * `${server.url}/v1`.
 */
export type FakeOpenAI = FakeServer;

export interface CompletionReply {
  content?: string | null;
  model?: string;
  promptTokens?: number;
  cachedTokens?: number;
  completionTokens?: number;
  finishReason?: "stop" | "length" | "content_filter" | "tool_calls";
  refusal?: string | null;
  /** Leave usage out entirely (some compatible servers do). */
  omitUsage?: boolean;
}

export function completion(reply: CompletionReply = {}): FakeReply {
  const prompt = reply.promptTokens ?? 42;
  const out = reply.completionTokens ?? 7;
  return {
    json: {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: 1_700_000_000,
      model: reply.model ?? "gpt-4.1-mini-2025-04-14",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: reply.content === undefined ? "{}" : reply.content, refusal: reply.refusal ?? null },
          finish_reason: reply.finishReason ?? "stop",
          logprobs: null,
        },
      ],
      ...(reply.omitUsage
        ? {}
        : {
            usage: {
              prompt_tokens: prompt,
              completion_tokens: out,
              total_tokens: prompt + out,
              prompt_tokens_details: { cached_tokens: reply.cachedTokens ?? 0 },
            },
          }),
    },
  };
}

/** An error in OpenAI's envelope: `{ error: { message, type, code } }`. */
export function openaiError(status: number, message: string, opts: { type?: string; code?: string; headers?: Record<string, string> } = {}): FakeReply {
  return {
    status,
    headers: opts.headers ?? {},
    json: { error: { message, type: opts.type ?? "invalid_request_error", param: null, code: opts.code ?? null } },
  };
}

export function startFakeOpenAI(): Promise<FakeOpenAI> {
  return startFakeServer(
    { "POST /v1/chat/completions": () => completion() },
    (req) => openaiError(404, `Unknown path ${req.method} ${req.path}`),
  );
}
