import { describe, expect, it } from "vitest";
import { saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import { createReward } from "../../app/loyalty/rewards.server";
import { stackWithBrowser } from "../support/browser";
import { adminFetch, embeddedAppUrl } from "../support/shopify-requests";
import { eventually } from "../support/stack";

// The loyalty widget in Chromium on the sandbox storefront (the real theme extension, the real app
// proxy): a guest's view and its keyboard use; then a customer's order earns pending points that
// the merchant's fulfilment releases, the customer redeems them for a code, and checkout accepts it.
const e2e = stackWithBrowser();
const storefront = () => e2e.stack.sandbox.context.config.publicUrl;

/** A product a customer buys once: in stock, one variant, at least $20 (20 points). */
const pickProduct = () =>
  e2e.stack.sandbox.context.store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.length === 1 && p.variants[0].inventoryQuantity > 5 && p.variants[0].priceCents >= 2_000)!;
let reward: Awaited<ReturnType<typeof createReward>>;

// What the tests arrange in the database is written before the install: the install starts the
// history import, and on SQLite this process writing while the app imports would meet its write lock.
async function setUp() {
  const { stack } = e2e;
  await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
  reward = await createReward(stack.db, stack.shop, { name: "$5 off", pointsCost: 20, kind: "fixed_amount", value: 500, productVariantId: null, minimumSubtotalCents: null, codeValidDays: 30 });
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the proxy's Admin API session
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
}

describe("the loyalty widget", () => {
  it("shows a guest how the program works; the launcher and dialog work from the keyboard without moving the page", async () => {
    await setUp();
    const page = await e2e.browser.newPage();
    await page.goto(`${storefront()}/`);
    const launcher = page.getByRole("button", { name: "Rewards", exact: true });
    await expect.poll(() => launcher.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    // The panel's code is not loaded until the launcher is opened.
    expect(await page.evaluate(() => "EncoreLoyaltyPanel" in window)).toBe(false);

    await launcher.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Rewards", exact: true });
    await expect.poll(() => dialog.getByText("How it works").count(), { timeout: 20_000 }).toBe(1);
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("encore-loyalty-panel");
    expect(await dialog.getByText("Earn 1 points for every $1.00 you spend.").count()).toBe(1);
    expect(await dialog.getByRole("link", { name: "Join now" }).getAttribute("href")).toBe("/account/register");

    await page.keyboard.press("Escape");
    expect(await dialog.isHidden()).toBe(true);
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-encore-loyalty-launcher"))).toBe("");

    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            // Cumulative layout shift counts what the shopper did not cause (no input just before).
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) total += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 300);
        }),
    );
    expect(shift).toBe(0);

    // The product page's line follows the variant the shopper picks.
    const { store } = e2e.stack.sandbox.context;
    const varied = store.state.products.find((p) => p.status === "ACTIVE" && new Set(p.variants.map((v) => v.priceCents)).size > 1)!;
    await page.goto(`${storefront()}/products/${varied.handle}`);
    const earn = page.locator("[data-encore-loyalty-earn]");
    await expect.poll(() => earn.isVisible(), { timeout: 20_000 }).toBe(true);
    const selected = await page.locator("select[name=id]").inputValue();
    const other = varied.variants.find((v) => String(v.id) !== selected && v.priceCents !== varied.variants.find((x) => String(x.id) === selected)!.priceCents)!;
    await page.locator("select[name=id]").selectOption(String(other.id));
    await expect.poll(() => earn.textContent()).toBe(`Earn ${Math.floor(other.priceCents / 100)} points with this purchase`);
    await page.close();
  }, 90_000);

  it("a customer's order shows as pending, becomes spendable on fulfilment, and is redeemed for a code checkout accepts", async () => {
    const { stack } = e2e;
    const { store } = stack.sandbox.context;
    const customer = store.state.customers.find((c) => c.email)!;
    const product = pickProduct();
    const page = await e2e.browser.newPage();
    await page.goto(`${storefront()}/account/login?customer_id=${customer.id}&return_to=/products/${product.handle}`);
    await page.goto(`${storefront()}/products/${product.handle}`);
    // The product page says what the purchase earns.
    const earnLine = `Earn ${Math.floor(product.variants[0].priceCents / 100)} points with this purchase`;
    await expect.poll(() => page.getByText(earnLine).isVisible(), { timeout: 20_000 }).toBe(true);

    const checkout = async () => {
      await page.getByRole("button", { name: /add to cart/i }).first().click();
      await page.waitForLoadState("networkidle");
      await page.goto(`${storefront()}/cart`);
      await page.getByRole("button", { name: /check out/i }).click();
      await page.getByLabel(/email/i).fill(customer.email!);
    };
    await checkout();
    await page.getByRole("button", { name: /pay now/i }).click();
    await page.waitForURL(/thank-you/);
    const order = store.state.orders.at(-1)!;
    expect(order.customerId).toBe(customer.id);
    const award = Math.floor(order.subtotalCents / 100);
    await eventually(() => stack.db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop: stack.shop, sourceKey: `order:${order.id}:earn` } } }), "the order's points", 30_000);

    const openPanel = async () => {
      await page.goto(`${storefront()}/products/${product.handle}`);
      const launcher = page.getByRole("button", { name: "Rewards", exact: true });
      await expect.poll(() => launcher.isVisible(), { timeout: 20_000 }).toBe(true);
      await launcher.click();
      return page.getByRole("dialog", { name: "Rewards", exact: true });
    };
    let dialog = await openPanel();
    await expect.poll(() => dialog.getByText("You have 0 points").count(), { timeout: 20_000 }).toBe(1);
    expect(await dialog.getByText(new RegExp(`^${award} points pending, spendable from `)).count()).toBe(1);
    expect(await dialog.getByRole("button", { name: "Redeem $5 off" }).count()).toBe(0);

    // The merchant fulfils the order: its points become spendable.
    expect((await fetch(`${storefront()}/sandbox/orders/${order.id}/fulfill`, { method: "POST" })).status).toBe(200);
    await eventually(async () => (await stack.db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop: stack.shop, customerId: String(customer.id) } } }))?.available === award, "the points to be released", 30_000);

    dialog = await openPanel();
    await expect.poll(() => dialog.getByText(`You have ${award} points`).count(), { timeout: 20_000 }).toBe(1);
    await dialog.getByRole("button", { name: "Redeem $5 off" }).click();
    const status = dialog.getByRole("status");
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^Your code ENCORE-\S+ is ready/);
    const code = (await dialog.locator("[data-encore-loyalty-code]").first().textContent())!;
    expect(await dialog.getByText(`You have ${award - reward.pointsCost} points`).count()).toBe(1);
    expect(await dialog.getByRole("link", { name: "Apply" }).getAttribute("href")).toBe(`/discount/${code}`);

    // Apply the code, buy again: the sandbox checkout takes $5 off with it.
    await dialog.getByRole("link", { name: "Apply" }).click();
    await page.waitForLoadState("networkidle");
    await page.goto(`${storefront()}/products/${product.handle}`);
    await checkout();
    await expect.poll(() => page.locator("[data-checkout-discount]").textContent(), { timeout: 20_000 }).toContain("5.00");
    await page.getByRole("button", { name: /pay now/i }).click();
    await page.waitForURL(/thank-you/);
    expect(store.state.orders.at(-1)!.discountCodes).toEqual([expect.objectContaining({ code, amountCents: 500 })]);
    // The order webhook tells Encore the code is used: the widget no longer offers to cancel it.
    await eventually(async () => (await stack.db.loyaltyRedemption.findFirst({ where: { shop: stack.shop, code } }))?.status === "used", "the code to be marked used", 30_000);
    await page.close();
  }, 180_000);
});

describe("the rewards admin page", () => {
  it("shows inline errors beside bad fields, then adds and disables a reward", async () => {
    const { stack } = e2e;
    const page = await e2e.browser.newPage();
    await page.goto(`${stack.sandbox.context.config.publicUrl}/admin/apps/encore/loyalty/rewards`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 30_000 }).toContain("Rewards");
    const before = await stack.db.loyaltyReward.count({ where: { shop: stack.shop } });

    await app.getByLabel("Name shown to customers").fill("Ten percent");
    await app.getByLabel("Points it costs").fill("0");
    await app.getByLabel("What it gives").selectOption("percentage");
    await app.getByLabel("Percent off").fill("150");
    await app.getByRole("button", { name: "Add reward" }).click();
    await expect.poll(() => app.getByText("The points cost must be at least 1.").count(), { timeout: 20_000 }).toBe(1);
    expect(await app.getByText("The percentage must be at most 100.").count()).toBe(1);
    expect(await stack.db.loyaltyReward.count({ where: { shop: stack.shop } })).toBe(before);

    await app.getByLabel("Points it costs").fill("250");
    await app.getByLabel("Percent off").fill("10");
    await app.getByRole("button", { name: "Add reward" }).click();
    await expect.poll(() => app.getByText("Reward added").count(), { timeout: 20_000 }).toBe(1);
    expect(await stack.db.loyaltyReward.findFirst({ where: { shop: stack.shop, name: "Ten percent" } })).toMatchObject({ pointsCost: 250, kind: "percentage", value: 10, enabled: true });

    await app.getByRole("button", { name: "Disable Ten percent" }).click();
    await expect.poll(async () => (await stack.db.loyaltyReward.findFirst({ where: { shop: stack.shop, name: "Ten percent" } }))?.enabled, { timeout: 20_000 }).toBe(false);
    // The action has written before the page reloads its data: wait for the list to show it.
    await expect.poll(() => app.getByRole("button", { name: "Enable Ten percent" }).count(), { timeout: 20_000 }).toBe(1);
    await page.close();
  }, 90_000);
});
