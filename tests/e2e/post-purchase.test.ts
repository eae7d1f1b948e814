import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { SandboxProduct } from "../../app/sandbox/store/types";
import { stackWithBrowser } from "../support/browser";
import { eventually } from "../support/stack";

// The one-click post-purchase offer in Chromium: the merchant switches it on in the Flows page;
// a shopper checks out, Shopify's post-purchase page (the sandbox running the real extension
// bundle) shows a complement at a discount; accepting adds it to the order and lands on the
// thank-you page; declining leaves the order as it was.
const e2e = stackWithBrowser();
let product: SandboxProduct;

const sandboxUrl = () => e2e.stack.sandbox.context.config.publicUrl;

/** A product with complements (from the install's history import) and stock. */
async function productWithComplements(): Promise<SandboxProduct> {
  const rows = await e2e.stack.db.productComplements.findMany({ where: { shop: e2e.stack.shop }, take: 50 });
  for (const row of rows) {
    const candidate = e2e.stack.sandbox.context.store.product(Number(row.productId));
    if (candidate?.status === "ACTIVE" && candidate.variants.every((v) => v.inventoryQuantity > 3) && (JSON.parse(row.complements) as unknown[]).length >= 3) return candidate;
  }
  throw new Error("No product with complements in the demo shop");
}

/** Product page -> add to cart -> checkout -> Pay now; answers the order placed. */
async function checkOut(page: Page, email: string) {
  await page.goto(`${sandboxUrl()}/products/${product.handle}`);
  await page.getByRole("button", { name: /add to cart/i }).click();
  await page.waitForLoadState("networkidle");
  await page.goto(`${sandboxUrl()}/cart`);
  await page.getByRole("button", { name: /check out/i }).click();
  await page.getByLabel(/email/i).fill(email);
  await page.getByRole("button", { name: /pay now/i }).click();
  await page.waitForURL(/\/checkouts\/post-purchase\/\d+$/);
  return e2e.stack.sandbox.context.store.state.orders.at(-1)!;
}

describe("the post-purchase offer page", () => {
  it("the merchant switches the offer on in the Flows page", async () => {
    // Install through the admin, wait for the history the complements come from, switch the offer on.
    const page = await e2e.browser.newPage();
    await page.goto(`${sandboxUrl()}/admin/apps/encore/flows`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.getByRole("heading", { name: "Post-purchase offer" }).count(), { timeout: 30_000 }).toBe(1);
    await eventually(async () => (await e2e.stack.db.historyImport.findUnique({ where: { shop: e2e.stack.shop } }))?.stage === "done", "the history import", 180_000);
    await app.getByLabel("Show a post-purchase offer").check({ force: true });
    await app.getByLabel("Discount").fill("25");
    await app.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => app.getByText("Saved", { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await e2e.stack.db.postPurchaseSettings.findUnique({ where: { shop: e2e.stack.shop } })).toMatchObject({ enabled: true, discountPercent: 25 });
    await page.close();
    product = await productWithComplements();
  }, 240_000);

  it("a shopper accepts the offer: it is added to the order at the discounted price, then the thank-you page", async () => {
    const page = await e2e.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const order = await checkOut(page, "accepts.offer@example.com");

    const pay = page.getByRole("button", { name: /^Pay now · \$/ });
    await pay.waitFor({ timeout: 20_000 });
    const offer = await eventually(() => e2e.stack.db.postPurchaseOffer.findFirst({ where: { shop: e2e.stack.shop, referenceId: String(order.id) } }), "the offer shown");
    const offered = e2e.stack.sandbox.context.store.product(Number(offer.productId))!;
    expect(await page.getByRole("heading", { name: offered.title }).count()).toBe(1);
    expect(await page.getByText("25% off").count()).toBeGreaterThan(0);
    // The price change comes from calculateChangeset: the discounted line plus its tax.
    await expect.poll(() => page.getByText(/^Price change: subtotal \+\$/).count(), { timeout: 10_000 }).toBe(1);
    const tax = Math.round(offer.priceCents * 0.07);
    expect(await pay.textContent()).toBe(`Pay now · $${((offer.priceCents + tax) / 100).toFixed(2)}`);

    await pay.click();
    await page.waitForURL(/\/checkouts\/thank-you\/\d+$/, { timeout: 20_000 });
    expect(await page.content()).toContain(offered.title);
    const added = order.lineItems.find((l) => String(l.variantId) === offer.variantId)!;
    expect(added).toMatchObject({ quantity: 1, priceCents: offer.unitPriceCents, discountCents: offer.unitPriceCents - offer.priceCents });
    await eventually(
      () => e2e.stack.db.orderLine.findFirst({ where: { shop: e2e.stack.shop, orderId: String(order.id), variantId: offer.variantId } }),
      "the added line in Encore's database",
    );
    expect((await e2e.stack.db.postPurchaseOffer.findFirst({ where: { shop: e2e.stack.shop, id: offer.id } }))?.status).toBe("accepted");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a shopper declines: straight to the thank-you page, the order unchanged", async () => {
    const page = await e2e.browser.newPage();
    const order = await checkOut(page, "declines.offer@example.com");
    const decline = page.getByRole("button", { name: "Decline this offer" });
    await decline.waitFor({ timeout: 20_000 });
    await decline.click();
    await page.waitForURL(/\/checkouts\/thank-you\/\d+$/, { timeout: 20_000 });
    expect(order.lineItems).toHaveLength(1);
    expect((await e2e.stack.db.postPurchaseOffer.findFirst({ where: { shop: e2e.stack.shop, referenceId: String(order.id) } }))?.status).toBe("shown");
    await page.close();
  });
});
