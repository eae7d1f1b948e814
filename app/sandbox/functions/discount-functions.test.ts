// The sandbox cart and checkout apply the shop's automatic app discounts by running the app's real
// discount function (extensions/encore-bundle-discount) on an input built from its input query.
import { describe, expect, it } from "vitest";
import { hasAdminSchema } from "../admin-api/schema";
import { createStorefrontHandler } from "../storefront/handler";
import { IDS, testContext, TestShopper } from "../storefront/test-fixtures";
import type { SandboxAppDiscount } from "../store/types";
import { createDiscountEvaluator } from "./discount-functions";

function bundleDiscount(config: object, overrides: Partial<SandboxAppDiscount> = {}): SandboxAppDiscount {
  return {
    id: 9001,
    title: "Encore bundle discount",
    functionHandle: "encore-bundle-discount",
    discountClasses: ["PRODUCT"],
    startsAt: "2026-01-01T00:00:00Z",
    endsAt: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    metafields: [{ id: 9002, namespace: "app--1--encore", key: "bundle-config", type: "json", value: JSON.stringify(config), createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" }],
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

const tenPercent = { kind: "percentage", percentage: 10, minComplements: 1, requireAll: false, bundles: { [String(IDS.coffee)]: [String(IDS.mug)] } };

function setup(config: object | null = tenPercent) {
  const { context, store, placed } = testContext();
  if (config) store.state.appDiscounts = [bundleDiscount(config)];
  return { shopper: new TestShopper(createStorefrontHandler(), context), store, placed, context };
}

async function cart(shopper: TestShopper) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (await (await shopper.get("/cart.js")).json()) as any;
}

describe.skipIf(!hasAdminSchema())("automatic app discounts in the sandbox cart and checkout", () => {
  it("discounts one unit of the anchor and of the complement Encore added for it", async () => {
    const { shopper } = setup();
    await shopper.postJson("/cart/add.js", {
      items: [
        { id: IDS.coffeeSmall, quantity: 2 },
        { id: IDS.mugVariant, quantity: 1, properties: { _encore_source: "fbt", _encore_anchor: String(IDS.coffee) } },
      ],
    });
    const body = await cart(shopper);
    // 10% of one $18.00 coffee and one $24.00 mug.
    expect(body.items.map((i: { line_level_total_discount: number }) => i.line_level_total_discount)).toEqual([180, 240]);
    expect(body.items[0]).toMatchObject({ original_line_price: 3600, line_price: 3420, final_line_price: 3420, final_price: 1710, total_discount: 180 });
    expect(body.items[1].line_level_discount_allocations).toEqual([
      expect.objectContaining({ amount: 240, discount_application: expect.objectContaining({ type: "automatic", title: "Bundle: 10% off" }) }),
    ]);
    expect(body).toMatchObject({ original_total_price: 6000, total_discount: 420, total_price: 5580 });
    const page = await (await shopper.get("/cart")).text();
    expect(page).toContain("data-cart-discount>-$4.20");
  });

  it("gives nothing when the complement is missing, forged, or there is no discount", async () => {
    for (const [config, items] of [
      [tenPercent, [{ id: IDS.coffeeSmall, quantity: 1 }]],
      [tenPercent, [{ id: IDS.coffeeSmall, quantity: 1 }, { id: IDS.giftCardVariant, quantity: 1, properties: { _encore_anchor: String(IDS.coffee) } }]],
      [tenPercent, [{ id: IDS.mugVariant, quantity: 1, properties: { _encore_anchor: String(IDS.coffee) } }]],
      [null, [{ id: IDS.coffeeSmall, quantity: 1 }, { id: IDS.mugVariant, quantity: 1, properties: { _encore_anchor: String(IDS.coffee) } }]],
    ] as const) {
      const { shopper } = setup(config);
      await shopper.postJson("/cart/add.js", { items });
      expect((await cart(shopper)).total_discount).toBe(0);
    }
  });

  it("skips a scheduled discount and a failing function, as Shopify does", () => {
    const { store } = setup();
    store.state.appDiscounts = [bundleDiscount(tenPercent, { startsAt: "2099-01-01T00:00:00Z" })];
    const evaluate = createDiscountEvaluator({ store, apiKey: "k", extensionsDir: testContext().context.config.extensionsDir });
    const line = (key: string, productId: number, priceCents: number, properties: Record<string, string> = {}) => ({
      key, productId, variantId: productId + 1, productTitle: "P", productHandle: "p", variantTitle: "Default Title", sku: "", quantity: 1, priceCents, requiresShipping: true, properties,
    });
    const lines = [line("a", IDS.coffee, 1800), line("b", IDS.mug, 2400, { _encore_anchor: String(IDS.coffee) })];
    expect(evaluate(lines).applications).toEqual([]);
    store.state.appDiscounts = [bundleDiscount(tenPercent)];
    expect(evaluate(lines).applications).toEqual([{ discountId: 9001, title: "Encore bundle discount", amountCents: 420 }]);
  });

  it("checkout charges the discounted totals and the order carries the allocations", async () => {
    const { shopper, store, placed } = setup({ kind: "fixed", amountCents: 500, currencyDecimals: 2, minComplements: 1, requireAll: false, bundles: tenPercent.bundles });
    await shopper.postJson("/cart/add.js", {
      items: [
        { id: IDS.coffeeSmall, quantity: 1 },
        { id: IDS.mugVariant, quantity: 1, properties: { _encore_anchor: String(IDS.coffee) } },
      ],
    });
    const checkoutPage = await (await shopper.get("/checkout")).text();
    expect(checkoutPage).toContain("data-checkout-discount>-$5.00");
    const response = await shopper.postForm("/checkout", { email: "shopper@example.com", address1: "1 Main St", city: "Town", province_code: "NY", zip: "10001" });
    expect(response.status).toBe(303);
    const order = store.state.orders.at(-1)!;
    // $5.00 spread over $18.00 + $24.00 in proportion: 214 + 286.
    expect(order.lineItems.map((l) => l.discountCents)).toEqual([214, 286]);
    expect(order.subtotalCents).toBe(4200 - 500);
    expect(order.taxCents).toBe(Math.round(3700 * 0.07));
    expect(order.totalCents).toBe(order.subtotalCents + order.shippingCents + order.taxCents);
    expect(order.automaticDiscountTitles).toEqual(["Encore bundle discount"]);
    expect(placed.at(-1)?.id).toBe(order.id);
  });
});

describe.skipIf(!hasAdminSchema())("the buyer in function input (the loyalty tier discount)", () => {
  const tierDiscount: SandboxAppDiscount = {
    ...bundleDiscount({}),
    id: 9101,
    title: "Encore VIP tier discount",
    functionHandle: "encore-tier-discount",
    metafields: [{ id: 9102, namespace: "app--1--encore", key: "tier-config", type: "json", value: JSON.stringify({ tiers: { Gold: 5 } }), createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" }],
  };

  function setupTier(tier: string | null) {
    const { context, store, placed } = testContext();
    store.state.appDiscounts = [tierDiscount];
    const ada = store.customer(IDS.ada)!;
    ada.metafields = tier ? [{ id: 9103, namespace: "app--1--loyalty", key: "tier", type: "single_line_text_field", value: tier, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" }] : [];
    return { shopper: new TestShopper(createStorefrontHandler(), context), store, placed };
  }

  it("gives a logged-in Gold member 5% off in the cart and at checkout, and a guest nothing", async () => {
    const { shopper, store } = setupTier("Gold");
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 2 }] });
    expect((await cart(shopper)).total_discount).toBe(0); // a guest
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    const body = await cart(shopper);
    expect(body).toMatchObject({ original_total_price: 3600, total_discount: 180 });
    expect(body.items[0].line_level_discount_allocations[0].discount_application.title).toBe("Gold member: 5% off");
    const response = await shopper.postForm("/checkout", { email: "ada@example.com", address1: "1 Main St", city: "Town", province_code: "NY", zip: "10001" });
    expect(response.status).toBe(303);
    const order = store.state.orders.at(-1)!;
    expect(order.customerId).toBe(IDS.ada);
    expect(order.lineItems.map((l) => l.discountCents)).toEqual([180]);
    expect(order.automaticDiscountTitles).toEqual(["Encore VIP tier discount"]);
  });

  it("gives nothing to a customer without a configured tier, nor to a guest typing a member's email", async () => {
    for (const tier of [null, "none", "Silver"]) {
      const { shopper } = setupTier(tier);
      await shopper.get(`/account/login?customer_id=${IDS.ada}`);
      await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }] });
      expect((await cart(shopper)).total_discount).toBe(0);
    }
    const { shopper, store } = setupTier("Gold");
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }] });
    await shopper.postForm("/checkout", { email: "ada@example.com", address1: "1 Main St", city: "Town", province_code: "NY", zip: "10001" });
    expect(store.state.orders.at(-1)!.lineItems.map((l) => l.discountCents)).toEqual([0]);
  });
});
