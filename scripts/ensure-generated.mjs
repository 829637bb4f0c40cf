#!/usr/bin/env node
// Pre-step of the npm scripts that import the Prisma clients (`engine`, `bench:engine`,
// `typecheck`, `test:unit`, `admin:reset-password`, …): right after `npm ci` the clients are not
// generated yet (they are build output, gitignored). A no-op when the stamp says they are current.
import { ensureGenerated } from "./lib.mjs";

// Progress goes to stderr: `eval $(npm run -s engine -- --print-keys)` reads stdout.
process.stdout.write = process.stderr.write.bind(process.stderr);
try {
  ensureGenerated();
} catch (e) {
  console.error(`[baton] ${e.message}`);
  process.exit(1);
}
