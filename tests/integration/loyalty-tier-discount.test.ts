// The loyalty tier discount end to end: the merchant sets a tier's standing discount on the VIP
// tiers page (HTTP to the built app), the app creates the automatic app discount in Shopify (the
// sandbox) bound to Encore's tier function with the percentages in its metafield, the loyalty sync
// writes a member's tier to their customer metafield, and the sandbox cart runs the function for
// that logged-in member. Bad input is a 4xx with nothing written, here or in Shopify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints, saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import { syncMemberToShopify } from "../../app/loyalty/members-sync.server";
import type { SandboxCustomer, SandboxProduct } from "../../app/sandbox/store/types";
import type { AdminGraphql } from "../../app/shopify/admin-api.server";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import { adminFetch, appProxyUrl, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
let member: SandboxCustomer;
let product: SandboxProduct;
const TIERS = "routes/app.loyalty.tiers";

beforeAll(async () => {
  stack = await startStack();
  // Written before the install: on SQLite, this process writing during the app's history import would meet its write lock.
  const { customers } = stack.sandbox.context.store.state;
  await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
  expect((await adjustPoints(stack.db, stack.shop, String(customers[1].id), 180, `adjust:test-${customers[1].id}`, "Welcome")).ok).toBe(true);
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the shop and its session
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop, isOnline: false } }), "the shop's offline session");
  // This process writes to the database below: on SQLite, not while the app's history import holds the write lock.
  await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 180_000);
  const { store } = stack.sandbox.context;
  member = store.state.customers[0];
  product = store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.some((v) => v.inventoryQuantity > 5))!;
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

async function post(fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}/app/loyalty/tiers?_data=${encodeURIComponent(TIERS)}`, { method: "POST", bearer: sessionToken(stack), body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as { ok: boolean; errors: Record<string, string>; discountError?: string | null } };
}

async function page() {
  const response = await adminFetch(`${stack.app.url}/app/loyalty/tiers?_data=${encodeURIComponent(TIERS)}`, { bearer: sessionToken(stack) });
  expect(response.status).toBe(200);
  return (await response.json()) as { tiers: { id: string; name: string }[]; discount: { state: string; shopifyStatus: string | null; lastError: string | null } | null };
}

const appDiscounts = () => stack.sandbox.context.store.state.appDiscounts ?? [];

/** The shop's Admin API as the app's background jobs reach it (offline token), for in-process calls. */
async function offlineAdmin(): Promise<AdminGraphql> {
  const session = await stack.db.session.findFirst({ where: { shop: stack.shop, isOnline: false } });
  const url = `${stack.sandbox.context.config.publicUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  const graphql = (query: string, options?: { variables?: Record<string, unknown> }) =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session!.accessToken }, body: JSON.stringify({ query, variables: options?.variables }) });
  return { graphql } as unknown as AdminGraphql;
}

/** A shopper on the sandbox storefront over real HTTP, keeping its cookies (cart, login). */
class Shopper {
  private readonly cookies = new Map<string, string>();
  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(`${stack.sandbox.context.config.publicUrl}${path}`, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [name, value] = cookie.split(";")[0].split("=");
      this.cookies.set(name, value);
    }
    return response;
  }
  async cartDiscount(): Promise<{ total_discount: number; original_total_price: number }> {
    await this.request("/cart/clear.js", { method: "POST" });
    await this.request("/cart/add.js", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items: [{ id: product.variants.find((v) => v.inventoryQuantity > 5)!.id, quantity: 2 }] }) });
    return (await (await this.request("/cart.js")).json()) as { total_discount: number; original_total_price: number };
  }
}

describe("the VIP tier standing discount", () => {
  it("refuses a bad percent with an inline error, writing nothing here or in Shopify", async () => {
    for (const discountPercent of ["80", "-3", "2.5", "lots"]) {
      const bad = await post({ intent: "save", name: "Gold", threshold: "1000", multiplierPercent: "100", discountPercent });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.discountPercent).toMatch(/discount/i);
    }
    expect(await stack.db.loyaltyTier.count({ where: { shop: stack.shop } })).toBe(0);
    expect(await stack.db.loyaltyTierDiscount.count()).toBe(0);
    expect(appDiscounts()).toEqual([]);
    expect((await page()).discount?.state).toBe("off");
  });

  it("a tier without a discount creates nothing in Shopify", async () => {
    const saved = await post({ intent: "save", name: "Silver", threshold: "300", multiplierPercent: "125", discountPercent: "0" });
    expect(saved).toMatchObject({ status: 200, body: { ok: true, discountError: null } });
    expect(appDiscounts()).toEqual([]);
  });

  it("saving Gold at 5% turns the discount on in Shopify, and a logged-in Gold member gets it in the cart", async () => {
    const saved = await post({ intent: "save", name: "Gold", threshold: "1000", multiplierPercent: "150", discountPercent: "5" });
    expect(saved).toMatchObject({ status: 200, body: { ok: true, discountError: null } });
    expect(appDiscounts()).toHaveLength(1);
    const [discount] = appDiscounts();
    expect(discount).toMatchObject({ functionHandle: "encore-tier-discount", title: "Encore VIP tier discount", discountClasses: ["PRODUCT"] });
    expect(discount.combinesWith).toEqual({ productDiscounts: false, orderDiscounts: false, shippingDiscounts: true });
    expect(JSON.parse(discount.metafields.find((m) => m.key === "tier-config")!.value)).toEqual({ tiers: { Gold: 5 } });
    expect((await page()).discount).toMatchObject({ state: "active", shopifyStatus: "ACTIVE", lastError: null });

    // The member reaches Gold in Encore; the loyalty sync writes the tier to their customer metafield.
    const gold = await stack.db.loyaltyTier.findFirstOrThrow({ where: { shop: stack.shop, name: "Gold" } });
    const customerId = String(member.id);
    await stack.db.loyaltyBalance.create({ data: { shop: stack.shop, customerId, available: 1200, lifetimeEarned: 1200 } });
    await stack.db.loyaltyMemberTier.create({ data: { shop: stack.shop, customerId, tierId: gold.id, tierName: "Gold", figure: 1200, evaluatedAt: new Date() } });
    expect(await syncMemberToShopify(stack.db, await offlineAdmin(), stack.shop, customerId)).toBe(true);

    const shopper = new Shopper();
    const guestCart = await shopper.cartDiscount();
    expect(guestCart.total_discount).toBe(0);
    await shopper.request(`/account/login?customer_id=${member.id}`);
    const memberCart = await shopper.cartDiscount();
    expect(memberCart.total_discount).toBe(Math.round(memberCart.original_total_price * 0.05));
  });

  it("the storefront panel shows a member's tier with its perks, and a customer without one the way to the first tier", async () => {
    type Panel = { customer: { tiers: { tier: { name: string; multiplierPercent: number; discountPercent: number } | null; next: { name: string; remaining: number; basis: string } | null; percent: number } | null } };
    const panel = async (customerId: number) => (await (await fetch(appProxyUrl(stack, "/loyalty", { customerId }))).json()) as Panel;

    expect((await panel(member.id)).customer.tiers).toEqual({ tier: { name: "Gold", multiplierPercent: 150, discountPercent: 5 }, next: null, percent: 100 });

    const newcomer = stack.sandbox.context.store.state.customers[1];
    expect((await panel(newcomer.id)).customer.tiers).toEqual({ tier: null, next: { name: "Silver", multiplierPercent: 125, discountPercent: 0, remaining: 120, basis: "points" }, percent: 60 });
  });

  it("changing the percent updates Shopify's configuration; a discount deleted in Shopify shows, and the next save recreates it", async () => {
    const gold = await stack.db.loyaltyTier.findFirstOrThrow({ where: { shop: stack.shop, name: "Gold" } });
    expect((await post({ intent: "save", id: gold.id, name: "Gold", threshold: "1000", multiplierPercent: "150", discountPercent: "7" })).status).toBe(200);
    expect(appDiscounts()).toHaveLength(1);
    expect(JSON.parse(appDiscounts()[0].metafields.find((m) => m.key === "tier-config")!.value)).toEqual({ tiers: { Gold: 7 } });

    stack.sandbox.context.store.state.appDiscounts = []; // the merchant deleted it in Shopify's admin
    expect((await page()).discount).toMatchObject({ state: "out-of-date", shopifyStatus: "MISSING" });
    expect((await post({ intent: "save", id: gold.id, name: "Gold", threshold: "1000", multiplierPercent: "150", discountPercent: "7" })).status).toBe(200);
    expect(appDiscounts()).toHaveLength(1);
    expect((await page()).discount?.state).toBe("active");
  });

  it("setting the last percent to 0 turns the discount off in Shopify", async () => {
    const gold = await stack.db.loyaltyTier.findFirstOrThrow({ where: { shop: stack.shop, name: "Gold" } });
    expect((await post({ intent: "save", id: gold.id, name: "Gold", threshold: "1000", multiplierPercent: "150", discountPercent: "0" })).status).toBe(200);
    expect(appDiscounts()).toEqual([]);
    expect(await stack.db.loyaltyTierDiscount.findUnique({ where: { shop: stack.shop } })).toMatchObject({ shopifyDiscountId: null, configJson: null });
    expect((await page()).discount?.state).toBe("off");
    expect((await new Shopper().cartDiscount()).total_discount).toBe(0);
  });
});
