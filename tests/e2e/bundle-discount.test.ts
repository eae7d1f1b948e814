import { describe, expect, it } from "vitest";
import { stackWithBrowser } from "../support/browser";

// The merchant sets the bundle discount in the embedded admin (Polaris in a real browser): a bad
// value is refused beside the field and nothing reaches Shopify; a good one creates the discount.
const e2e = stackWithBrowser();

describe("the bundle discount page", () => {
  it("shows inline errors for bad input, then saves and reports the discount active in Shopify", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.stack.sandbox.context.config.publicUrl}/admin/apps/encore/cross-sell/bundle`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 30_000 }).toContain("Bundle discount");

    await app.getByLabel("Offer a bundle discount").check();
    await app.getByLabel("Percentage", { exact: true }).fill("150");
    await app.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => app.getByText("The percentage must be more than 0 and at most 100").count(), { timeout: 20_000 }).toBe(1);
    expect(e2e.stack.sandbox.context.store.state.appDiscounts ?? []).toEqual([]);

    await app.getByLabel("Percentage", { exact: true }).fill("15");
    await app.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => app.getByText("Active in Shopify").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.getByText(/^Saved\./).count()).toBe(1);
    const discounts = e2e.stack.sandbox.context.store.state.appDiscounts ?? [];
    expect(discounts).toHaveLength(1);
    expect(JSON.parse(discounts[0].metafields[0].value)).toMatchObject({ kind: "percentage", percentage: 15 });
    expect(await e2e.stack.db.bundleDiscount.findUnique({ where: { shop: e2e.stack.shop } })).toMatchObject({ enabled: true, percentage: 15 });
    await page.close();
  });
});
