import { describe, expect, it } from "vitest";
import { stackWithBrowser } from "../support/browser";
import { eventually } from "../support/stack";

const e2e = stackWithBrowser();

describe("what merchants and shoppers see", () => {
  it("the admin frame shows Encore's dashboard, and its navigation works", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.stack.sandbox.context.config.publicUrl}/admin/apps/encore`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Dashboard");
    await expect.poll(() => app.getByText("Orders received").count()).toBe(1);
    // The very first visit installs the app (token exchange) and already knows the shop.
    expect(await app.getByText(`Welcome to Encore, ${e2e.stack.sandbox.context.store.state.shop.name}`).count()).toBe(1);

    await page.getByRole("link", { name: "Customers" }).click();
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Customers");
    await page.close();
  });

  it("a shopper opens a product page, adds it to the cart and checks out; the order reaches Encore", async () => {
    const page = await e2e.browser.newPage();
    const { store } = e2e.stack.sandbox.context;
    const product = store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.every((v) => v.inventoryQuantity > 0))!;
    await page.goto(`${e2e.stack.sandbox.context.config.publicUrl}/products/${product.handle}`);
    expect(await page.locator("h1").textContent()).toContain(product.title);
    // The Encore app embed (rendered from extensions/ by the real Liquid engine) set its bootstrap.
    expect(await page.evaluate(() => (window as unknown as { Encore?: { shop: string } }).Encore?.shop)).toBe(e2e.stack.shop);

    await page.getByRole("button", { name: /add to cart/i }).click();
    await page.waitForLoadState("networkidle");
    await page.goto(`${e2e.stack.sandbox.context.config.publicUrl}/cart`);
    await page.getByRole("button", { name: /check out/i }).click();
    await page.getByLabel(/email/i).fill("e2e.shopper@example.com");
    await page.getByRole("button", { name: /pay now/i }).click();
    await page.waitForURL(/thank-you/);
    const placed = store.state.orders.at(-1)!;
    expect(await page.content()).toContain(placed.name);

    const stored = await eventually(
      () => e2e.stack.db.order.findUnique({ where: { shop_id: { shop: e2e.stack.shop, id: String(placed.id) } } }),
      "the order to reach Encore",
    );
    expect(stored.email).toBe("e2e.shopper@example.com");
    await page.close();
  });

  it("after the history import, the product page shows bought-together items and adds them all in one click", async () => {
    // The admin visit in the first test installed Encore, which imports the shop's history.
    await eventually(
      async () => (await e2e.stack.db.historyImport.findUnique({ where: { shop: e2e.stack.shop } }))?.stage === "done",
      "the history import",
      120_000,
    );
    const page = await e2e.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${e2e.stack.sandbox.context.config.publicUrl}/products/ceremonial-matcha`);
    const block = page.locator("[data-encore-fbt]");
    await block.locator("[data-encore-fbt-items]:not([aria-busy])").waitFor({ timeout: 15_000 });
    const group = block.getByRole("group", { name: "Frequently bought together" });
    const whisk = group.getByRole("checkbox", { name: "Bamboo Matcha Whisk (Chasen)", exact: true });
    await expect.poll(() => whisk.isChecked()).toBe(true);

    const total = await block.locator("[data-encore-fbt-total]").textContent();
    expect(total).toMatch(/\$\d/);
    await block.getByRole("button", { name: "Add selected to cart" }).click();
    await expect.poll(() => block.locator("[data-encore-fbt-status]").textContent(), { timeout: 10_000 }).toContain("Added");

    const cart = (await (await page.request.get(`${e2e.stack.sandbox.context.config.publicUrl}/cart.js`)).json()) as {
      items: { handle: string; properties: Record<string, string> | null }[];
    };
    const whiskLine = cart.items.find((item) => item.handle === "bamboo-matcha-whisk");
    expect(whiskLine?.properties).toMatchObject({ _encore_source: "fbt" });
    expect(cart.items.some((item) => item.handle === "ceremonial-matcha")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
