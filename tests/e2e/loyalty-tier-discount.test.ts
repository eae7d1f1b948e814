import { describe, expect, it } from "vitest";
import { adjustPoints, saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import { stackWithBrowser } from "../support/browser";
import { adminFetch, embeddedAppUrl } from "../support/shopify-requests";
import { eventually } from "../support/stack";

// The VIP tier standing discount in Chromium: the merchant gives Gold 5% on the VIP tiers page
// (a bad percent is refused inline first), the customer with 1,200 points moves to Gold and the
// loyalty sync writes the tier to Shopify, then the customer sees Gold in the storefront panel and
// checks out on the sandbox checkout with 5% off, computed by Encore's tier Discount Function.
const e2e = stackWithBrowser();
const storefront = () => e2e.stack.sandbox.context.config.publicUrl;

describe("the VIP tier discount", () => {
  it("a Gold member gets the tier's standing discount at checkout", async () => {
    const { stack } = e2e;
    const { store } = stack.sandbox.context;
    const customer = store.state.customers.find((c) => c.email)!;
    const product = store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.length === 1 && p.variants[0].inventoryQuantity > 5 && p.variants[0].priceCents >= 2_000)!;
    // Written before the install (the install's history import holds SQLite's write lock for a while).
    await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
    expect((await adjustPoints(stack.db, stack.shop, String(customer.id), 1200, `adjust:e2e-${customer.id}`, "Welcome gift")).ok).toBe(true);
    expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
    await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");

    // The merchant: a bad percent is refused beside the field, then Gold at 5% turns the discount on.
    const admin = await e2e.browser.newPage();
    await admin.goto(`${storefront()}/admin/apps/encore/loyalty/tiers`);
    const app = admin.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 30_000 }).toContain("VIP tiers");
    await app.getByLabel("Name").fill("Gold");
    await app.getByLabel("Points earned").fill("1000");
    await app.getByLabel("Earn multiplier (%)").fill("150");
    await app.getByLabel("Standing discount (%)").fill("80");
    await app.getByRole("button", { name: "Add tier" }).click();
    await expect.poll(() => app.getByText("The discount is between 0% and 50%").count(), { timeout: 20_000 }).toBe(1);
    expect(await stack.db.loyaltyTier.count({ where: { shop: stack.shop } })).toBe(0);
    expect(store.state.appDiscounts ?? []).toEqual([]);

    await app.getByLabel("Standing discount (%)").fill("5");
    await app.getByRole("button", { name: "Add tier" }).click();
    await expect.poll(() => app.getByText("Active in Shopify").count(), { timeout: 20_000 }).toBe(1);
    expect(store.state.appDiscounts?.map((d) => d.functionHandle)).toEqual(["encore-tier-discount"]);
    await admin.close();

    // Saving the tiers re-evaluates members (a job): the customer reaches Gold and Shopify learns it.
    await eventually(async () => customer.metafields?.some((m) => m.key === "tier" && m.value === "Gold"), "the customer's tier metafield in Shopify", 30_000);

    const page = await e2e.browser.newPage();
    await page.goto(`${storefront()}/account/login?customer_id=${customer.id}&return_to=/products/${product.handle}`);
    await page.goto(`${storefront()}/products/${product.handle}`);
    const launcher = page.getByRole("button", { name: "Rewards", exact: true });
    await expect.poll(() => launcher.isVisible(), { timeout: 20_000 }).toBe(true);
    await launcher.click();
    const dialog = page.getByRole("dialog", { name: "Rewards", exact: true });
    await expect.poll(() => dialog.getByText("Gold member").count(), { timeout: 20_000 }).toBe(1);
    expect(await dialog.getByText("5% off every order").count()).toBe(1);
    expect(await dialog.getByText("1.5× points on every order").count()).toBe(1);
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: /add to cart/i }).first().click();
    await page.waitForLoadState("networkidle");
    await page.goto(`${storefront()}/cart`);
    await page.getByRole("button", { name: /check out/i }).click();
    const priceCents = product.variants[0].priceCents;
    const expected = Math.round(priceCents * 0.05);
    await expect.poll(() => page.locator("[data-checkout-discount]").textContent(), { timeout: 20_000 }).toContain((expected / 100).toFixed(2));
    await page.getByLabel(/email/i).fill(customer.email!);
    await page.getByRole("button", { name: /pay now/i }).click();
    await page.waitForURL(/thank-you/);
    const order = store.state.orders.at(-1)!;
    expect(order.customerId).toBe(customer.id);
    expect(order.lineItems.map((l) => l.discountCents)).toEqual([expected]);
    expect(order.automaticDiscountTitles).toEqual(["Encore VIP tier discount"]);
    await page.close();
  }, 180_000);
});
