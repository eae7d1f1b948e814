import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("what merchants and shoppers see", () => {
  it("the admin frame shows Encore's dashboard, and its navigation works", async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.sandbox.context.config.publicUrl}/admin/apps/encore`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Dashboard");
    await expect.poll(() => app.getByText("Orders received").count()).toBe(1);
    // The very first visit installs the app (token exchange) and already knows the shop.
    expect(await app.getByText(`Welcome to Encore, ${stack.sandbox.context.store.state.shop.name}`).count()).toBe(1);

    await page.getByRole("link", { name: "Customers" }).click();
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Customers");
    await page.close();
  });

  it("a shopper opens a product page, adds it to the cart and checks out; the order reaches Encore", async () => {
    const page = await browser.newPage();
    const { store } = stack.sandbox.context;
    const product = store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.every((v) => v.inventoryQuantity > 0))!;
    await page.goto(`${stack.sandbox.context.config.publicUrl}/products/${product.handle}`);
    expect(await page.locator("h1").textContent()).toContain(product.title);
    // The Encore app embed (rendered from extensions/ by the real Liquid engine) set its bootstrap.
    expect(await page.evaluate(() => (window as unknown as { Encore?: { shop: string } }).Encore?.shop)).toBe(stack.shop);

    await page.getByRole("button", { name: /add to cart/i }).click();
    await page.waitForLoadState("networkidle");
    await page.goto(`${stack.sandbox.context.config.publicUrl}/cart`);
    await page.getByRole("button", { name: /check out/i }).click();
    await page.getByLabel(/email/i).fill("e2e.shopper@example.com");
    await page.getByRole("button", { name: /pay now/i }).click();
    await page.waitForURL(/thank-you/);
    const placed = store.state.orders.at(-1)!;
    expect(await page.content()).toContain(placed.name);

    const stored = await eventually(
      () => stack.db.order.findUnique({ where: { shop_id: { shop: stack.shop, id: String(placed.id) } } }),
      "the order to reach Encore",
    );
    expect(stored.email).toBe("e2e.shopper@example.com");
    await page.close();
  });
});
