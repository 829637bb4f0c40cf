/**
 * When the engine runs embedded in this process, the host registers the engine's in-process fetch:
 * the app's Inngest client then reaches the engine (events, checkpoints) through the same HTTP
 * route code without a socket, which halves the per-step cost of checkpointing (bench/README.md).
 * Lives on globalThis because the host and the Next.js bundle load this module separately.
 */
const g = globalThis as unknown as { __batonEngineFetch?: typeof fetch };

export function registerEngineFetch(f: typeof fetch | undefined): void {
  g.__batonEngineFetch = f;
}

/** A fetch that prefers the registered in-process route and otherwise uses the network. */
export const engineAwareFetch: typeof fetch = (input, init) => (g.__batonEngineFetch ?? fetch)(input, init);
