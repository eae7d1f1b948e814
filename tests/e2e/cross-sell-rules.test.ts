import { describe, expect, it } from "vitest";
import { stackWithBrowser } from "../support/browser";
import { eventually } from "../support/stack";

// The merchant's side of rules and settings, clicked through in the sandbox admin.
const e2e = stackWithBrowser();

describe("cross-sell rules and settings in the admin", () => {
  it("a merchant pins two complements for a product, and the preview shows them first", async () => {
    const page = await e2e.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const admin = `${e2e.stack.sandbox.context.config.publicUrl}/admin/apps/encore`;
    await page.goto(`${admin}/cross-sell`); // installs Encore and starts the history import
    await eventually(async () => (await e2e.stack.db.historyImport.findUnique({ where: { shop: e2e.stack.shop } }))?.stage === "done", "the history import", 120_000);

    await page.goto(`${admin}/cross-sell/rules`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Cross-sell rules");
    const { store } = e2e.stack.sandbox.context;
    const matcha = store.productByHandle("ceremonial-matcha")!;
    const mugs = store.state.products.filter((p) => p.status === "ACTIVE" && p.productType === "Drinkware").slice(0, 2);
    expect(mugs).toHaveLength(2);

    await app.getByLabel("For product", { exact: true }).selectOption(String(matcha.id));
    await app.getByLabel("Add a complement").selectOption(String(mugs[0].id));
    await app.getByLabel("Add a complement").selectOption(String(mugs[1].id));
    await app.getByRole("button", { name: "Move up" }).nth(1).click(); // second mug first
    await app.getByRole("button", { name: "Add pin" }).click();
    await expect.poll(() => app.getByText("Rule saved").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const rule = await e2e.stack.db.crossSellRule.findFirstOrThrow({ where: { shop: e2e.stack.shop, kind: "pin" } });
    expect(JSON.parse(rule.targetIds)).toEqual([String(mugs[1].id), String(mugs[0].id)]);

    // A pin for a product without complements is refused inline; nothing is saved.
    await app.getByLabel("For product", { exact: true }).selectOption(String(mugs[0].id));
    await app.getByRole("button", { name: "Add pin" }).click();
    await expect.poll(() => app.getByText("Choose at least one product").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await e2e.stack.db.crossSellRule.count({ where: { shop: e2e.stack.shop } })).toBe(1);

    await page.goto(`${admin}/cross-sell?product=${matcha.id}`);
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Cross-sell");
    const rows = app.locator("table tbody tr");
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).toContain(mugs[1].title);
    expect(await rows.nth(1).textContent()).toContain(mugs[0].title);
    expect(await rows.first().textContent()).toContain("Pinned by your rule");
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it("a merchant changes the settings; out-of-range input gets an inline error", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.stack.sandbox.context.config.publicUrl}/admin/apps/encore/cross-sell/settings`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Cross-sell settings");
    await app.getByLabel("Items to show").fill("12");
    await app.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => app.getByText("Items to show must be between 1 and 8").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await e2e.stack.db.crossSellSettings.count({ where: { shop: e2e.stack.shop } })).toBe(0);

    await app.getByLabel("Items to show").fill("3");
    await app.getByRole("button", { name: "Move Best sellers up" }).click();
    await app.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => app.getByText("Settings saved.").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const saved = await e2e.stack.db.crossSellSettings.findUniqueOrThrow({ where: { shop: e2e.stack.shop } });
    expect(saved.itemsToShow).toBe(3);
    expect(JSON.parse(saved.fallbackOrder)).toEqual(["manual-rules", "same-collection", "same-type", "best-sellers", "same-vendor"]);
    await page.close();
  }, 60_000);
});
