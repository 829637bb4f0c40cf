// The committed lock must be complete (so `npm ci` works and `npm install` leaves a fresh clone
// clean) and every locked package must run on the oldest Node that package.json promises.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
// semver is npm's own range matcher; it arrives with dependency-cruiser (a dev dependency).
const semver = createRequire(join(root, "node_modules/dependency-cruiser/package.json"))("semver") as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface Locked {
  version?: string;
  engines?: { node?: string } | string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, Locked> };

/** Where npm would find `name` for the package at `path` (nearest node_modules up the tree). */
function resolves(path: string, name: string): boolean {
  let dir = path;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

describe("package-lock.json", () => {
  it("locks every optional (platform) dependency, so npm never has to add them on a fresh clone", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolves(path, name)) missing.push(`${path || "(root)"} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it(`has no package whose engines exclude Node ${pkg.engines.node}`, () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    const excluded = Object.entries(lock.packages)
      .filter(([path, e]) => path && !Array.isArray(e.engines) && e.engines?.node && !semver.satisfies(oldest, e.engines.node))
      .map(([path, e]) => `${path}@${e.version} needs node ${(e.engines as { node: string }).node}`);
    expect(excluded).toEqual([]);
  });
});
