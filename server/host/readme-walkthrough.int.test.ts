/**
 * The README's REST walk-through, run as written: every `bash` block that calls /api/v1 is split
 * into commands, `localhost:3000`, `$KEY` and the `run_…` / `esc_…` placeholders are replaced by
 * the started instance, the API key and the ids the previous commands printed, and each command's
 * `# → …` comment is checked ("key":"value" pairs must appear in its output; a command is repeated
 * until they do, as a person would, for up to a minute). Real Baton process; needs the build.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { root, startBaton, type BatonProcess } from "@/server/testing/baton-process";

const KEY = "bk_readme_walkthrough_key_0123456789";
let baton: BatonProcess;
beforeAll(async () => {
  baton = await startBaton({ BATON_BOOTSTRAP_API_KEY: KEY });
});
afterAll(async () => {
  await baton?.stop();
});

interface Command {
  text: string;
  /** `"key":"value"` fragments the README says the output contains. */
  expects: string[];
}

/** The README's bash blocks that talk to the API, as commands with their expectations. */
function walkthroughBlocks(readme: string): Command[][] {
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes("/api/v1/"));
  return blocks.map((block) => {
    const logical = block.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.trim()).filter(Boolean);
    const commands: Command[] = [];
    for (const line of logical) {
      if (line.startsWith("#")) {
        const last = commands[commands.length - 1];
        for (const m of line.matchAll(/"(\w+)":"([^"…]*)"/g)) last?.expects.push(`"${m[1]}":"${m[2]}"`);
        continue;
      }
      if (/^KEY=/.test(line)) continue; // the reader pastes their key; the test sets $KEY
      commands.push({ text: line.replace(/\s+#\s.*$/, ""), expects: [] });
    }
    return commands;
  });
}

it("the README's curl walk-through runs as written: the urgent ticket escalates and is resolved; an imported process runs", async () => {
  const blocks = walkthroughBlocks(readFileSync(join(root, "README.md"), "utf8"));
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const ids: { run?: string; esc?: string } = {};
  const seen: string[] = [];
  for (const block of blocks) {
    for (const cmd of block) {
      const text = cmd.text
        .replaceAll("localhost:3000", `localhost:${baton.port}`)
        .replaceAll("run_…", ids.run ?? "run_…")
        .replaceAll("esc_…", ids.esc ?? "esc_…");
      expect(text, `a placeholder without an earlier id in: ${cmd.text}`).not.toContain("…");
      const deadline = Date.now() + 60_000;
      let out = "";
      for (;;) {
        out = execFileSync("bash", ["-c", text], { env: { ...process.env, KEY }, encoding: "utf8" });
        if (cmd.expects.every((e) => out.includes(e)) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      seen.push(`$ ${cmd.text}\n${out.slice(0, 300)}`);
      const body = JSON.parse(out) as unknown;
      // An API error is `{"error":{code,message}}` and nothing else (a run's own `error` field is not).
      const isApiError = Boolean(body && typeof body === "object" && !Array.isArray(body) && Object.keys(body).join() === "error");
      expect(isApiError, `${cmd.text}\n→ ${out}`).toBe(false);
      for (const e of cmd.expects) expect(out, `${cmd.text}\n→ ${out}`).toContain(e);
      const runId = (body as { runId?: string }).runId;
      if (runId) ids.run = runId;
      const esc = (body as { escalations?: Array<{ id: string }> }).escalations?.[0]?.id;
      if (esc) ids.esc = esc;
    }
  }
  // The walk-through did what it says: it produced an escalation and resolved it (checked above by
  // the resolve command's `"status":"resolved"`), and the run then completed on that branch.
  expect(ids.esc, seen.join("\n")).toMatch(/^esc_/);
}, 240_000);
