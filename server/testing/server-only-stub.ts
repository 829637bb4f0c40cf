// Under Vitest, server modules run in plain Node where "server-only" would throw on import.
export {};
