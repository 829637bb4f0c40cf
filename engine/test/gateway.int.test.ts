import { MemoryEngineStore } from "../store/memory-store.js";
import { defineGatewaySuite } from "./suites/gateway.js";

// step.fetch / step.ai.infer and the refusals on the in-memory store; server/engine-store runs them on SQLite/PostgreSQL.
defineGatewaySuite(() => new MemoryEngineStore());
