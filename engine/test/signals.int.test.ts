import { MemoryEngineStore } from "../store/memory-store.js";
import { defineSignalSuite } from "./suites/signals.js";

// Signals and race mode on the in-memory store; server/engine-store runs the same suite on SQLite/PostgreSQL.
defineSignalSuite(() => new MemoryEngineStore());
