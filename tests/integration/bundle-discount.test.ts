import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshBundleDiscountConfig, saveBundleDiscount, storefrontBundleOffer } from "../../app/cross-sell/bundle-discount.server";
import { storefrontRecommendations } from "../../app/cross-sell/storefront-recommendations.server";
import type { SandboxProduct } from "../../app/sandbox/store/types";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import type { AdminGraphql } from "../../app/shopify/admin-api.server";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

// The bundle discount end to end: the merchant saves it in the admin (HTTP to the built app), the
// app creates the automatic app discount in Shopify (the sandbox) bound to the function with its
// configuration metafield, the sandbox checkout runs the function on a cart, and the order webhook
// that reaches the app carries the discount.
let stack: Stack;
let anchor: SandboxProduct;
let complements: SandboxProduct[];

const BUNDLE_ROUTE = "routes%2Fapp.cross-sell.bundle";

function saveBundle(fields: Record<string, string>) {
  return adminFetch(`${stack.app.url}/app/cross-sell/bundle?_data=${BUNDLE_ROUTE}`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams(fields),
  });
}

/** A shopper on the sandbox storefront over real HTTP, keeping the cart cookie. */
class Shopper {
  private cookie = "";
  constructor(private readonly base: string) {}
  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
    const cart = response.headers.getSetCookie().find((c) => c.startsWith("cart="));
    if (cart) this.cookie = cart.split(";")[0];
    return response;
  }
  addItems(items: unknown[]) {
    return this.request("/cart/add.js", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items }) });
  }
  async cart() {
    return (await (await this.request("/cart.js")).json()) as { total_discount: number; original_total_price: number; total_price: number; items: { product_id: number; line_level_total_discount: number }[] };
  }
  checkout(email: string) {
    return this.request("/checkout", { method: "POST", body: new URLSearchParams({ email, address1: "1 Main St", city: "Springfield", province_code: "NY", zip: "10001" }) });
  }
}

/** The shop's Admin API as the app's background jobs reach it (offline token), for in-process calls. */
async function offlineAdmin(): Promise<AdminGraphql> {
  const session = await stack.db.session.findFirst({ where: { shop: stack.shop, isOnline: false } });
  const url = `${stack.sandbox.context.config.publicUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
  const graphql = (query: string, options?: { variables?: Record<string, unknown> }) =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session!.accessToken }, body: JSON.stringify({ query, variables: options?.variables }) });
  return { graphql } as unknown as AdminGraphql;
}

function sandboxConfig() {
  const metafield = stack.sandbox.context.store.state.appDiscounts?.[0]?.metafields.find((m) => m.key === "bundle-config");
  return metafield ? (JSON.parse(metafield.value) as { percentage: number; bundles: Record<string, string[]> }) : null;
}

const bundleProperties = (anchorId: number) => ({ _encore_source: "fbt", _encore_anchor: String(anchorId), _encore_reason: "bought-together" });

beforeAll(async () => {
  stack = await startStack();
  // Install (token exchange, shop row) through the embedded admin, as a merchant's first visit;
  // install imports the shop's order history, which computes every product's complements.
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
  await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 180_000);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

const variantOf = (product: SandboxProduct) => product.variants.find((v) => v.inventoryQuantity > 5)!;

describe("the bundle discount", () => {
  it("explains bad input with a 400 and saves nothing", async () => {
    for (const [fields, field, message] of [
      [{ enabled: "on", kind: "percentage", value: "0", scope: "atLeast", minComplements: "1" }, "value", "The percentage must be more than 0 and at most 100"],
      [{ enabled: "on", kind: "percentage", value: "150", scope: "all" }, "value", "The percentage must be more than 0 and at most 100"],
      [{ enabled: "on", kind: "fixed", value: "-5", scope: "all" }, "value", "The amount cannot be negative"],
      [{ enabled: "on", kind: "percentage", value: "10", scope: "atLeast", minComplements: "7" }, "minComplements", "Choose between 1 and 4 complements"],
    ] as const) {
      const response = await saveBundle(fields);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ ok: false, errors: { [field]: message } });
    }
    expect(await stack.db.bundleDiscount.findUnique({ where: { shop: stack.shop } })).toBeNull();
    expect(stack.sandbox.context.store.state.appDiscounts ?? []).toEqual([]);
  });

  it("saving it creates an automatic app discount bound to the function, with the configuration metafield", async () => {
    const response = await saveBundle({ enabled: "on", kind: "percentage", value: "10", scope: "atLeast", minComplements: "2", combinesWithShippingDiscounts: "on" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; shopifyDiscountId: string; anchors: number };
    expect(body.ok).toBe(true);

    const discounts = stack.sandbox.context.store.state.appDiscounts ?? [];
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({
      functionHandle: "encore-bundle-discount",
      discountClasses: ["PRODUCT"],
      combinesWith: { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true },
    });
    expect(body.shopifyDiscountId).toBe(`gid://shopify/DiscountAutomaticNode/${discounts[0].id}`);
    const metafield = discounts[0].metafields.find((m) => m.key === "bundle-config")!;
    expect(metafield.namespace).toMatch(/^app--\d+--encore$/);
    const config = JSON.parse(metafield.value) as { kind: string; percentage: number; minComplements: number; bundles: Record<string, string[]> };
    expect(config).toMatchObject({ kind: "percentage", percentage: 10, minComplements: 2 });
    expect(Object.keys(config.bundles).length).toBe(body.anchors);
    expect(body.anchors).toBeGreaterThan(10);

    // The bundle used below: a best seller whose allowed complements are in stock. Its allowed list
    // is exactly what the storefront block shows for it.
    const { store } = stack.sandbox.context;
    const inStock = (id: string) => {
      const product = store.product(Number(id));
      return product && product.status === "ACTIVE" && product.variants.some((v) => v.inventoryQuantity > 5) ? product : null;
    };
    const [anchorId, allowed] = Object.entries(config.bundles).find(([id, list]) => inStock(id) && list.filter(inStock).length >= 2)!;
    anchor = inStock(anchorId)!;
    complements = allowed.filter(inStock).slice(0, 2).map((id) => inStock(id)!);
    const shown = await storefrontRecommendations(stack.db, stack.shop, anchorId, 4);
    expect(allowed).toEqual(shown.map((item) => item.productId));

    const row = await stack.db.bundleDiscount.findUnique({ where: { shop: stack.shop } });
    expect(row).toMatchObject({ enabled: true, kind: "percentage", percentage: 10, minComplements: 2, shopifyDiscountId: body.shopifyDiscountId, configJson: metafield.value });

    // The page shows it as active in Shopify.
    const page = await adminFetch(`${stack.app.url}/app/cross-sell/bundle?_data=${BUNDLE_ROUTE}`, { bearer: sessionToken(stack) });
    expect(((await page.json()) as { shopify: { status: string } }).shopify.status).toBe("ACTIVE");
    // What the storefront block gets (contract 2): the shop's terms, or one anchor's.
    expect(await storefrontBundleOffer(stack.db, stack.shop)).toEqual({ kind: "percentage", percentage: 10, minComplements: 2 });
    expect(await storefrontBundleOffer(stack.db, stack.shop, String(anchor.id))).toEqual({ kind: "percentage", percentage: 10, minComplements: 2 });
    expect(await storefrontBundleOffer(stack.db, stack.shop, "999999999")).toBeNull();
    expect(await storefrontBundleOffer(stack.db, "other-shop.myshopify.com")).toBeNull();

    const document = await adminFetch(embeddedAppUrl(stack, "/app/cross-sell/bundle"));
    expect(document.status).toBe(200);
    const html = await document.text();
    expect(html).toContain("Active in Shopify");
    expect(html).toContain("Offer a bundle discount");
  });

  it("a cart with the anchor and its complements gets the discount at checkout, and the order webhook carries it", async () => {
    const shopper = new Shopper(stack.sandbox.context.config.publicUrl);
    const added = await shopper.addItems([
      { id: variantOf(anchor).id, quantity: 1 },
      ...complements.map((c) => ({ id: variantOf(c).id, quantity: 1, properties: bundleProperties(anchor.id) })),
    ]);
    expect(added.status).toBe(200);
    const cart = await shopper.cart();
    const prices = [anchor, ...complements].map((p) => variantOf(p).priceCents);
    const expected = prices.map((price) => Math.round(price / 10));
    expect(cart.items.map((i) => i.line_level_total_discount)).toEqual(expected);
    expect(cart.total_discount).toBe(expected.reduce((a, b) => a + b, 0));
    expect(cart.total_price).toBe(cart.original_total_price - cart.total_discount);

    const email = `bundle-${Date.now()}@example.com`;
    expect((await shopper.checkout(email)).status).toBe(303);
    const order = stack.sandbox.context.store.state.orders.find((o) => o.email === email)!;
    expect(order.lineItems.map((l) => l.discountCents)).toEqual(expected);

    const stored = await eventually(
      () => stack.db.order.findFirst({ where: { shop: stack.shop, id: String(order.id) }, include: { lines: true } }),
      "the order webhook to be processed",
      30_000,
    );
    expect(stored.lines.map((l) => l.discountCents).sort()).toEqual([...expected].sort());
    expect(stored.subtotalCents).toBe(prices.reduce((a, b) => a + b, 0) - cart.total_discount);
    const webhook = stack.sandbox.context.webhooks.deliveries().find((d) => d.topic === "orders/paid" && JSON.parse(d.body).id === order.id)!;
    const payload = JSON.parse(webhook.body) as { total_discounts: string; discount_applications: { type: string; title: string }[]; line_items: { discount_allocations: { amount: string }[] }[] };
    expect(payload.discount_applications).toEqual([expect.objectContaining({ type: "automatic", title: "Encore bundle discount" })]);
    expect(payload.line_items.map((l) => l.discount_allocations.length)).toEqual([1, 1, 1]);
    expect(payload.total_discounts).toBe((cart.total_discount / 100).toFixed(2));
  });

  it("a cart without enough complements, or with a forged property, pays full price", async () => {
    const few = new Shopper(stack.sandbox.context.config.publicUrl);
    await few.addItems([{ id: variantOf(anchor).id, quantity: 1 }, { id: variantOf(complements[0]).id, quantity: 1, properties: bundleProperties(anchor.id) }]);
    expect((await few.cart()).total_discount).toBe(0);

    const { store } = stack.sandbox.context;
    const allowed = (JSON.parse(store.state.appDiscounts![0].metafields[0].value) as { bundles: Record<string, string[]> }).bundles[String(anchor.id)];
    const other = store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p !== anchor && !allowed.includes(String(p.id)) && p.variants.some((v) => v.inventoryQuantity > 5))!;
    const forged = new Shopper(stack.sandbox.context.config.publicUrl);
    await forged.addItems([
      { id: variantOf(anchor).id, quantity: 1 },
      { id: variantOf(complements[0]).id, quantity: 1, properties: bundleProperties(anchor.id) },
      { id: variantOf(other).id, quantity: 1, properties: bundleProperties(anchor.id) },
    ]);
    expect((await forged.cart()).total_discount).toBe(0);

    const email = `no-bundle-${Date.now()}@example.com`;
    expect((await few.checkout(email)).status).toBe(303);
    const order = store.state.orders.find((o) => o.email === email)!;
    expect(order.lineItems.every((l) => l.discountCents === 0)).toBe(true);
  });

  it("a refused Admin API call changes nothing, in Shopify or in Encore", async () => {
    const admin = await offlineAdmin();
    const refusing = {
      graphql: (query: string, options?: { variables?: Record<string, unknown> }) =>
        query.includes("BundleDiscountUpdate")
          ? Promise.resolve(
              new Response(JSON.stringify({ data: { discountAutomaticAppUpdate: { automaticAppDiscount: null, userErrors: [{ field: ["automaticAppDiscount", "combinesWith"], message: "Combines with is invalid", code: "INVALID" }] } } }), {
                headers: { "Content-Type": "application/json" },
              }),
            )
          : (admin.graphql as (q: string, o?: unknown) => Promise<Response>)(query, options),
    } as unknown as AdminGraphql;
    const before = await stack.db.bundleDiscount.findUnique({ where: { shop: stack.shop } });
    const settings = { enabled: true, kind: "percentage" as const, percentage: 25, amountCents: null, requireAll: false, minComplements: 1, combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: true } };
    await expect(saveBundleDiscount(stack.db, refusing, stack.shop, settings)).rejects.toThrow(/Combines with is invalid/);
    expect(await stack.db.bundleDiscount.findUnique({ where: { shop: stack.shop } })).toEqual(before);
    expect(sandboxConfig()?.percentage).toBe(10);
  });

  it("the configuration follows the recomputed complements", async () => {
    const admin = await offlineAdmin();
    // The orders placed above re-rank their products' complements in the app: let that finish first.
    await stack.sandbox.context.webhooks.idle();
    await eventually(
      async () => (await stack.db.webhookDelivery.count({ where: { shop: stack.shop, status: { not: "processed" } } })) === 0,
      "every delivery to be processed",
      30_000,
    );
    await refreshBundleDiscountConfig(stack.db, admin, stack.shop);
    expect(await refreshBundleDiscountConfig(stack.db, admin, stack.shop)).toBe(false); // nothing changed since
    await stack.db.productComplements.update({
      where: { shop_productId: { shop: stack.shop, productId: String(anchor.id) } },
      data: { complements: JSON.stringify([{ productId: String(complements[1].id), score: 0.5, together: 9, confidence: 0.4, lift: 4 }]) },
    });
    expect(await refreshBundleDiscountConfig(stack.db, admin, stack.shop)).toBe(true);
    // The anchor's own list now starts with the new complement; best sellers top it up as the block does.
    expect(sandboxConfig()?.bundles[String(anchor.id)][0]).toBe(String(complements[1].id));
    const row = await stack.db.bundleDiscount.findUnique({ where: { shop: stack.shop } });
    expect(JSON.parse(row!.configJson!)).toEqual(sandboxConfig());
  });

  it("a discount deleted in Shopify's admin shows as missing, and saving creates it again", async () => {
    stack.sandbox.context.store.state.appDiscounts = [];
    const page = await adminFetch(`${stack.app.url}/app/cross-sell/bundle?_data=${BUNDLE_ROUTE}`, { bearer: sessionToken(stack) });
    expect(((await page.json()) as { shopify: { status: string } }).shopify.status).toBe("MISSING");
    const response = await saveBundle({ enabled: "on", kind: "fixed", value: "5", scope: "all" });
    expect(response.status).toBe(200);
    expect(stack.sandbox.context.store.state.appDiscounts).toHaveLength(1);
    expect(JSON.parse(stack.sandbox.context.store.state.appDiscounts![0].metafields[0].value)).toMatchObject({ kind: "fixed", amountCents: 500, requireAll: true });
  });

  it("turning it off deletes the discount in Shopify; a cart then pays full price", async () => {
    const response = await saveBundle({ kind: "percentage", value: "10", scope: "atLeast", minComplements: "2" });
    expect(response.status).toBe(200);
    expect(stack.sandbox.context.store.state.appDiscounts).toEqual([]);
    expect(await stack.db.bundleDiscount.findUnique({ where: { shop: stack.shop } })).toMatchObject({ enabled: false, shopifyDiscountId: null });
    expect(await storefrontBundleOffer(stack.db, stack.shop)).toBeNull();

    const shopper = new Shopper(stack.sandbox.context.config.publicUrl);
    await shopper.addItems([{ id: variantOf(anchor).id, quantity: 1 }, ...complements.map((c) => ({ id: variantOf(c).id, quantity: 1, properties: bundleProperties(anchor.id) }))]);
    expect((await shopper.cart()).total_discount).toBe(0);
  });
});
