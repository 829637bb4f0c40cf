/**
 * Designer benchmark: Chromium opens the designer on generated graphs of 50, 200 and 500 nodes and
 * records cold load to interactive, p95 frame time while panning and while dragging a node, the
 * JS heap, and validation time per edit. Prints one JSON line per size. See bench/README.md.
 * Run: npm run bench:designer (needs a production build: npm run build).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { chromium, type Page } from "playwright-core";
import { validateGraph } from "../../core/validation";
import { generatedGraph } from "./generate";

const root = join(import.meta.dirname, "../..");
const sizes = (process.argv[2]?.split(",").map(Number) ?? [50, 200, 500]).filter((n) => n > 0);

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;

async function startBaton() {
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-designer-"));
  const port = 3700 + Math.floor(Math.random() * 200);
  const apiKey = `bk_bench_${randomBytes(16).toString("hex")}`;
  const env = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, "baton.db")}`,
    PORT: String(port),
    BATON_URL: `http://localhost:${port}`,
    BATON_ENGINE_PORT: String(port + 1000),
    BATON_ADMIN_EMAIL: "admin@bench.test",
    BATON_BOOTSTRAP_API_KEY: apiKey,
    BATON_LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const app = spawn(process.execPath, ["--import", "tsx", join(root, "server/host/main.ts")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  app.stdout.on("data", (d) => (out += d));
  app.stderr.on("data", (d) => (out += d));
  const deadline = Date.now() + 180_000;
  while (!/Baton is running/.test(out)) {
    if (app.exitCode !== null || Date.now() > deadline) throw new Error(`Baton did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const password = /password:\s+(\S+)/.exec(out)?.[1];
  if (!password) throw new Error(`no admin password in the start log:\n${out}`);
  return {
    url: `http://localhost:${port}`,
    apiKey,
    password,
    async stop() {
      app.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (app.exitCode === null) app.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Page scripts are strings: tsx adds helpers (`__name`) to compiled functions that the page does not have.
const START_RECORDING = `(() => {
  window.__frames = [];
  window.__recording = true;
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__recording) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP_RECORDING = `(() => { window.__recording = false; return window.__frames.slice(1); })()`;
const AFTER_TWO_FRAMES = `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))`;

/** Frame times (ms between animation frames) while \`action\` runs. */
async function frameTimes(page: Page, action: () => Promise<void>): Promise<number[]> {
  await page.evaluate(START_RECORDING);
  await action();
  return (await page.evaluate(STOP_RECORDING)) as number[];
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) {
    await page.mouse.move(from.x + (by.x * i) / 60, from.y + (by.y * i) / 60);
  }
  await page.mouse.up();
}

const baton = await startBaton();
const browser = await chromium.launch({ executablePath: process.env.BATON_E2E_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage"] });
try {
  const ctx = { tiers: { light: "sim/light-1", mid: "sim/mid-1", strong: "sim/strong-1" } };
  for (const size of sizes) {
    const graph = generatedGraph(size);
    const res = await fetch(`${baton.url}/api/v1/processes`, { method: "POST", headers: { authorization: `Bearer ${baton.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ graph }) });
    if (!res.ok) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
  await page.goto(`${baton.url}/sign-in`);
  await page.getByLabel("Email").fill("admin@bench.test");
  await page.getByLabel("Password").fill(baton.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");

  for (const size of sizes) {
    const graph = generatedGraph(size);
    await page.goto(`${baton.url}/processes/${graph.slug}/design`);
    await page.locator(".react-flow__node").first().waitFor();
    const loadMs = (await page.evaluate(AFTER_TWO_FRAMES)) as number;

    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const panFrames = await frameTimes(page, () => drag(page, { x: pane.x + 12, y: pane.y + pane.height - 120 }, { x: 300, y: -200 }));
    const nodeBox = (await page.locator(".react-flow__node").nth(1).boundingBox())!;
    const dragFrames = await frameTimes(page, () => drag(page, { x: nodeBox.x + 40, y: nodeBox.y + 14 }, { x: 200, y: 120 }));
    // Then zoomed far out (below the level-of-detail threshold): the whole graph in view, cards paint less.
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 400);
    await page.evaluate(AFTER_TWO_FRAMES);
    const lod = (await page.locator(".baton-lod").count()) > 0;
    const farFrames = await frameTimes(page, () => drag(page, { x: pane.x + 12, y: pane.y + pane.height - 120 }, { x: 300, y: -200 }));
    // The checks tab shows validation's result (from the worker above 120 nodes): it must arrive.
    await page.getByTestId("checks-count").filter({ hasText: "1" }).waitFor({ timeout: 10_000 });
    const checks = await page.getByTestId("checks-count").textContent();
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;

    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      validateGraph(graph, ctx);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        nodes: graph.nodes.length,
        edges: graph.edges.length,
        load_to_interactive_ms: round(loadMs),
        pan_p95_frame_ms: round(p95(panFrames)),
        pan_far_p95_frame_ms: round(p95(farFrames)),
        lod,
        drag_p95_frame_ms: round(p95(dragFrames)),
        frames: { pan: panFrames.length, pan_far: farFrames.length, drag: dragFrames.length },
        validate_ms_median: round(times[Math.floor(times.length / 2)]!),
        js_heap_mb: round(heap / 1024 / 1024),
        checks_badge: checks,
        page_errors: pageErrors.splice(0),
      }),
    );
  }
} finally {
  await browser.close();
  await baton.stop();
}
