import { startFakeServer, type FakeReply, type FakeServer } from "./fake-http";

/**
 * A stand-in for Anthropic's Messages API on 127.0.0.1: it records what the real
 * `@anthropic-ai/sdk` sends and answers with scripted replies. Point the SDK at `server.url`.
 */
export type FakeAnthropic = FakeServer;

export interface MessageReply {
  /** The forced tool's input; omitted → no tool_use block. */
  toolInput?: unknown;
  toolName?: string;
  text?: string;
  model?: string;
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  outputTokens?: number;
  stopReason?: "end_turn" | "max_tokens" | "tool_use" | "refusal";
}

export function message(reply: MessageReply = {}): FakeReply {
  const content: unknown[] = [];
  if (reply.text !== undefined) content.push({ type: "text", text: reply.text });
  if (reply.toolInput !== undefined) {
    content.push({ type: "tool_use", id: "toolu_fake", name: reply.toolName ?? "output", input: reply.toolInput });
  }
  return {
    json: {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model: reply.model ?? "claude-haiku-4-5-20251001",
      content,
      stop_reason: reply.stopReason ?? (reply.toolInput !== undefined ? "tool_use" : "end_turn"),
      stop_sequence: null,
      usage: {
        input_tokens: reply.inputTokens ?? 30,
        cache_read_input_tokens: reply.cacheReadTokens ?? 0,
        cache_creation_input_tokens: reply.cacheCreationTokens ?? 0,
        output_tokens: reply.outputTokens ?? 12,
      },
    },
  };
}

/** An error in Anthropic's envelope: `{ type: "error", error: { type, message } }`. */
export function anthropicError(status: number, type: string, text: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers, json: { type: "error", error: { type, message: text } } };
}

export function startFakeAnthropic(): Promise<FakeAnthropic> {
  return startFakeServer(
    { "POST /v1/messages": (req) => message({ toolInput: {}, toolName: req.body?.tool_choice?.name }) },
    (req) => anthropicError(404, "not_found_error", `Unknown path ${req.method} ${req.path}`),
  );
}
