import { describe, expect, it } from "vitest";
import { saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import { stackWithBrowser } from "../support/browser";
import { eventually } from "../support/stack";

// The thank-you block as a shopper lives it: checkout on the sandbox storefront, the order
// confirmation page runs Encore's real checkout UI extension, which shows a personal next-order
// code (copied with its button), products that go with the order and the points it earns; the
// code's link takes the code to checkout, which accepts it.
const e2e = stackWithBrowser();

describe("the thank-you page block", () => {
  it("shows the next-order code, recommendations and points, and the code works at checkout", async () => {
    const { config, store } = e2e.stack.sandbox.context;
    await saveLoyaltyProgram(e2e.stack.db, e2e.stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
    const page = await e2e.browser.newPage();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: config.publicUrl });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    // The merchant has Encore installed (opening it in the admin installs it), with its history imported.
    await page.goto(`${config.publicUrl}/admin/apps/encore`);
    await expect.poll(() => page.frameLocator("iframe").locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Dashboard");
    await eventually(async () => (await e2e.stack.db.historyImport.findUnique({ where: { shop: e2e.stack.shop } }))?.stage === "done", "the history import", 120_000);

    // A logged-in customer buys something the shop has complements for.
    const customer = store.state.customers[0];
    const withComplements = await e2e.stack.db.productComplements.findFirst({ where: { shop: e2e.stack.shop, NOT: { complements: "[]" } }, orderBy: { productId: "asc" } });
    const product = store.state.products.find((p) => String(p.id) === withComplements!.productId && p.variants.every((v) => v.inventoryQuantity > 5))!;
    // She is a Silver member (as the tier evaluation would have written it; the shop has no tiers to re-evaluate).
    await e2e.stack.db.loyaltyMemberTier.upsert({
      where: { shop_customerId: { shop: e2e.stack.shop, customerId: String(customer.id) } },
      create: { shop: e2e.stack.shop, customerId: String(customer.id), tierName: "Silver", evaluatedAt: new Date() },
      update: { tierName: "Silver" },
    });
    await page.goto(`${config.publicUrl}/account/login?customer_id=${customer.id}`);
    const checkout = async (expectedCode?: string) => {
      await page.goto(`${config.publicUrl}/products/${product.handle}`);
      await page.getByRole("button", { name: /add to cart/i }).click();
      await page.waitForLoadState("networkidle");
      await page.goto(`${config.publicUrl}/checkout`);
      if (expectedCode !== undefined) expect(await page.getByLabel("Discount code").inputValue()).toBe(expectedCode);
      await page.getByRole("button", { name: /pay now/i }).click();
      await page.waitForURL(/thank-you/);
      return store.state.orders.at(-1)!;
    };
    const order = await checkout();

    // The block, drawn by the extension from Encore's answer.
    const block = page.frameLocator("iframe.ui-extension[data-extension='encore-thank-you']");
    await expect.poll(() => block.getByText("10% off your next order").count(), { timeout: 20_000 }).toBe(1);
    const text = (await block.locator("body").textContent()) ?? "";
    const code = /THANKS-[A-Z0-9]{8}/.exec(text)?.[0];
    expect(code).toBeDefined();
    expect(text).toContain(`You earned ${Math.floor(order.subtotalCents / 100)} points`);
    expect(text).toContain("Your tier: Silver");
    expect(await block.getByRole("heading", { name: "Goes well with your order" }).count()).toBe(1);
    const productLinks = block.locator("s-link[href^='/products/']");
    expect(await productLinks.count()).toBeGreaterThan(0);
    expect(await productLinks.count()).toBeLessThanOrEqual(3);
    expect(await block.getByRole("img").count()).toBeGreaterThan(0);
    expect(text).toMatch(/\$\d+\.\d\d/);

    // Copy puts the code on the clipboard.
    await block.getByRole("button", { name: "Copy code" }).click();
    await expect.poll(() => block.getByRole("button", { name: "Copied" }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    // A reload shows the same code (one per order).
    await page.reload();
    await expect.poll(async () => /THANKS-[A-Z0-9]{8}/.exec((await block.locator("body").textContent()) ?? "")?.[0], { timeout: 20_000 }).toBe(code);

    // Its link carries the code to checkout, which accepts it.
    await block.getByRole("link", { name: "Shop with this code" }).click();
    await page.waitForLoadState("networkidle");
    const next = await checkout(code);
    expect(next.discountCodes.map((applied) => applied.code)).toEqual([code]);
    expect(next.discountCodes[0].amountCents).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
