import { MemoryEngineStore } from "../store/memory-store.js";
import { defineCoreSuite } from "./suites/core.js";
import { defineFidelitySuite } from "./suites/fidelity.js";
import { defineFlowSuite } from "./suites/flow.js";
import { defineHeldRunsSuite } from "./suites/held-runs.js";
import { defineLimitsSuite } from "./suites/limits.js";

// The full conformance suite against the in-memory store; server/engine-store runs it on SQLite/PostgreSQL.
defineCoreSuite(() => new MemoryEngineStore());
defineFlowSuite(() => new MemoryEngineStore());
defineLimitsSuite(() => new MemoryEngineStore());
defineFidelitySuite(() => new MemoryEngineStore());
defineHeldRunsSuite(() => new MemoryEngineStore());
