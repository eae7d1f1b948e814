import { describe, expect, it } from "vitest";
import { SEGMENTS } from "../../app/insights/rfm";
import { stackWithBrowser } from "../support/browser";
import { eventually } from "../support/stack";

// The dashboard in Chromium on the seeded sandbox shop: after the history import and the first
// recompute, the KPI cards, the charts (drawn by Polaris Viz after hydration) and segment counts
// that match the database.
const e2e = stackWithBrowser();

describe("the insights dashboard", () => {
  it("shows the KPI cards, non-empty charts and the database's segment counts", async () => {
    const { stack, browser } = e2e;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const adminUrl = `${stack.sandbox.context.config.publicUrl}/admin/apps/encore`;
    await page.goto(adminUrl); // the first visit installs Encore, which imports the history
    await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 180_000);
    await eventually(() => stack.db.insightsSnapshot.findFirst({ where: { shop: stack.shop } }), "the first recompute", 60_000);

    await page.goto(adminUrl);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Dashboard");
    for (const label of ["Repeat purchase rate", "Retention", "Customer lifetime value", "Revenue from repeat customers", "Points outstanding", "Flow conversions", "Net promoter score"]) {
      await expect.poll(() => app.locator(`[data-kpi="${label}"]`).count(), { timeout: 20_000 }).toBe(1);
      expect(await app.locator(`[data-kpi="${label}"]`).textContent()).not.toBe("");
    }
    expect(await app.locator('[data-kpi="Repeat purchase rate"]').textContent()).toMatch(/^\d+\.\d%$/);

    // Charts are SVG drawn in the browser: the retention curve has a line, the segment chart bars.
    await expect.poll(() => app.locator('[data-chart-ready="true"] svg').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2); // retention curve and segment sizes
    await expect.poll(() => app.locator('[data-chart-ready="true"] svg path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await app.locator("[data-cohort-table] tbody tr").count()).toBeGreaterThan(0);

    const shown = JSON.parse((await app.locator("[data-segment-counts]").getAttribute("data-segment-counts")) ?? "{}") as Record<string, number>;
    const groups = await stack.db.customerScore.groupBy({ by: ["segment"], where: { shop: stack.shop }, _count: { _all: true } });
    for (const segment of SEGMENTS) expect(shown[segment]).toBe(groups.find((g) => g.segment === segment)?._count._all ?? 0);
    expect(Object.values(shown).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The bar chart labels the segments it draws.
    await expect.poll(() => app.getByText("Champions").count()).toBeGreaterThan(0);

    // The range picker reloads the figures for another range.
    await app.getByLabel("Date range").selectOption("90");
    await expect.poll(() => page.frames().some((frame) => frame.url().includes("days=90")), { timeout: 20_000 }).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
