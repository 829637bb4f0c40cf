import { expect, test, type APIRequestContext } from "@playwright/test";
import { createOperatorKey, startSupportTriageRun, SUPPORT_TRIAGE_INPUT, URGENT_SUPPORT_TRIAGE_INPUT } from "../runs/support-triage";

type RunView = { id: string; status: string; steps: Array<{ nodeId: string; status: string }> };

async function getRun(request: APIRequestContext, key: string, runId: string): Promise<RunView> {
  const res = await request.get(`/api/v1/runs/${runId}`, { headers: { Authorization: `Bearer ${key}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as RunView;
}

/** Waits until the run has recorded `nodeId` (its step records are what analytics aggregates). */
async function waitForStep(request: APIRequestContext, key: string, runId: string, nodeId: string) {
  await expect.poll(async () => (await getRun(request, key, runId)).steps.some((s) => s.nodeId === nodeId), { timeout: 30_000 }).toBe(true);
}

const dollars = (text: string) => Number(text.replace(/[^0-9.]/g, ""));

test("analytics shows per-node figures for support-triage in a table and as a heat overlay on the graph, a node drills into exactly its runs, and the calculator projects and compares", async ({ page, request }) => {
  test.setTimeout(120_000);
  const key = await createOperatorKey(page);
  const routine = [];
  for (let i = 0; i < 3; i++) routine.push(await startSupportTriageRun(request, key, { ticket: { ...SUPPORT_TRIAGE_INPUT.ticket, id: `A-${i}` } }));
  const urgent = await startSupportTriageRun(request, key, URGENT_SUPPORT_TRIAGE_INPUT);
  for (const id of routine) await waitForStep(request, key, id, "classify");
  await waitForStep(request, key, urgent, "escalate");

  // The list of processes, then the process page.
  await page.goto("/analytics");
  const row = page.locator('[data-testid="analytics-process-row"][data-slug="support-triage"]');
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/analytics\/support-triage/);
  await expect(page.getByTestId("runs-chart")).toBeVisible();

  const classify = page.locator('[data-testid="node-row"][data-node-id="classify"]');
  await expect(classify).toBeVisible();
  expect(Number((await classify.locator('[data-col="calls"]').innerText()).replace(/,/g, ""))).toBeGreaterThanOrEqual(4);
  expect(dollars(await classify.locator('[data-col="cost"]').innerText())).toBeGreaterThan(0);
  await expect(classify.locator('[data-col="p50"]')).not.toHaveText("—");

  // Budgets in view: support-triage's run budget ($0.25) and draft's step budget ($0.10) against today's spend.
  await expect(page.getByTestId("budget-run")).toContainText("$0.25");
  await expect(page.locator('[data-testid="budget-step"][data-node-id="draft"]')).toContainText("$0.10 per execution");
  expect(dollars((await page.getByTestId("budget-today").locator("p").nth(1).innerText()))).toBeGreaterThan(0);

  // The same figures on the graph: each switch paints support-triage's model steps with a non-zero figure.
  const heat = page.getByTestId("heat-map");
  const card = (id: string) => heat.locator(`.react-flow__node[data-id="${id}"]`).getByTestId("node-overlay");
  await expect(heat).toHaveAttribute("data-metric", "cost");
  await expect(card("classify")).toContainText("Cost: $");
  expect(dollars(await card("classify").innerText())).toBeGreaterThan(0);
  await expect(card("classify")).toHaveAttribute("data-heat", /^#/);
  await expect(heat.getByTestId("heat-legend")).toBeVisible();
  await heat.getByRole("radio", { name: "Latency p95" }).click();
  await expect(heat).toHaveAttribute("data-metric", "latency");
  await expect(card("classify")).toContainText(/Latency p95: [0-9.]+ (ms|s)/);
  await heat.getByRole("radio", { name: "Error rate" }).click();
  await expect(card("classify")).toContainText(/Error rate: [0-9.]+%/);
  await heat.getByRole("radio", { name: "Reach" }).click();
  await expect(page).toHaveURL(/heat=reach/);
  await expect(card("classify")).toContainText("Reach: 100%");
  expect(Number((await card("escalate").innerText()).match(/Reach: ([0-9.]+)%/)![1])).toBeGreaterThan(0);
  // A router records no steps: its reach comes from the branch frequencies.
  await expect(card("route-urgency")).toContainText("from branch frequencies");

  // The table links to the same drill-down as the graph.
  await expect(page.locator('[data-testid="node-row"][data-node-id="escalate"]').getByTestId("node-runs-link")).toHaveAttribute("href", /node=escalate/);
  // Click the human step only the urgent ticket reached on the graph: the runs list holds exactly the runs that recorded it.
  await heat.locator('.react-flow__node[data-id="escalate"]').click();
  await expect(page).toHaveURL(/\/runs\?.*node=escalate/);
  await expect(page.getByTestId("runs-scope")).toContainText("node escalate");
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${urgent}"]`)).toBeVisible();
  const listed = await page.getByTestId("run-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run-id")!));
  for (const id of listed) expect((await getRun(request, key, id)).steps.some((s) => s.nodeId === "escalate"), `${id} recorded escalate`).toBe(true);
  for (const id of routine) {
    const reached = (await getRun(request, key, id)).steps.some((s) => s.nodeId === "escalate");
    expect(listed.includes(id)).toBe(reached);
  }

  // The calculator projects the published version from its runs.
  await page.goto("/calculator?process=support-triage");
  await expect(page.getByTestId("calc-source")).toContainText("projected from its");
  const perRun = page.getByTestId("calc-per-run-value");
  await expect(perRun).not.toHaveText("$0.00");
  const routed = dollars(await perRun.innerText());
  expect(routed).toBeGreaterThan(0);
  const baseline = dollars(await page.getByTestId("calc-baseline-value").innerText());
  expect(baseline).toBeGreaterThan(routed);
  await expect(page.getByTestId("calc-baseline")).toContainText("routing saves");
  await expect(page.getByTestId("calc-budget")).toContainText(/Run budget \$0\.25 .* is \d+% of it/);

  // What-if: classify on the strong tier costs more, and the change is shown per run and per month.
  await page.getByLabel("Model for classify").selectOption("tier:strong");
  await expect.poll(async () => dollars(await perRun.innerText())).toBeGreaterThan(routed);
  await expect(page.getByTestId("calc-delta")).toContainText("+$");
  await expect(page.getByTestId("calc-delta")).toContainText("/ month");
});
