import { describe, expect, it } from "vitest";
import type { SandboxOrder, SandboxState } from "../store/types";
import { generateDemoShop } from "./generate-demo-shop";

const NOW = new Date("2026-11-01T00:00:00Z");
const DAY_MS = 86_400_000;

const startedAt = performance.now();
const shop = generateDemoShop({ now: NOW }); // the default seed: the demo everyone sees
const generationMs = performance.now() - startedAt;

const liveOrders = shop.orders.filter((o) => o.cancelledAt === null);

function productId(state: SandboxState, handle: string): number {
  const product = state.products.find((p) => p.handle === handle);
  if (!product) throw new Error(`no product ${handle}`);
  return product.id;
}

/** How much more often two products share an order than they would if bought independently. */
function lift(orders: SandboxOrder[], a: number, b: number): number {
  let withA = 0;
  let withB = 0;
  let withBoth = 0;
  for (const order of orders) {
    const ids = new Set(order.lineItems.map((l) => l.productId));
    if (ids.has(a)) withA++;
    if (ids.has(b)) withB++;
    if (ids.has(a) && ids.has(b)) withBoth++;
  }
  const n = orders.length;
  return withBoth / n / ((withA / n) * (withB / n));
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function ordersPerCustomer(): Map<number, SandboxOrder[]> {
  const byCustomer = new Map<number, SandboxOrder[]>();
  for (const order of shop.orders) {
    if (order.customerId === null) continue;
    byCustomer.set(order.customerId, [...(byCustomer.get(order.customerId) ?? []), order]);
  }
  return byCustomer;
}

describe("generateDemoShop", () => {
  it("is deterministic for a seed and a time, and differs between seeds", () => {
    const first = JSON.stringify(generateDemoShop({ seed: 3, now: NOW }));
    const second = JSON.stringify(generateDemoShop({ seed: 3, now: NOW }));
    expect(second).toBe(first);
    expect(JSON.stringify(generateDemoShop({ seed: 4, now: NOW }))).not.toBe(first);
    expect(JSON.stringify(shop)).toBe(JSON.stringify(generateDemoShop({ now: NOW })));
  });

  it("shares no objects with later calls (the store edits its state in place)", () => {
    const edited = generateDemoShop({ seed: 3, now: NOW });
    for (const product of edited.products) product.tags.push("edited");
    for (const customer of edited.customers) if (customer.defaultAddress) customer.defaultAddress.city = "Edited";
    const fresh = generateDemoShop({ seed: 3, now: NOW });
    expect(fresh.products.some((p) => p.tags.includes("edited"))).toBe(false);
    expect(fresh.customers.some((c) => c.defaultAddress?.city === "Edited")).toBe(false);
    expect(fresh.orders.some((o) => o.shippingAddress?.city === "Edited")).toBe(false);
  });

  it("is fast", () => {
    expect(generationMs).toBeLessThan(2000);
  });

  it("describes the demo shop", () => {
    expect(shop.version).toBe(1);
    expect(shop.shop).toMatchObject({
      domain: "encore-demo.myshopify.com",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planName: "Shopify",
    });
    expect(generateDemoShop({ now: NOW, shopDomain: "other.myshopify.com" }).shop.domain).toBe("other.myshopify.com");
  });

  it("has a realistic catalog", () => {
    expect(shop.products.length).toBeGreaterThanOrEqual(60);
    expect(shop.products.filter((p) => p.isGiftCard)).toHaveLength(1);
    expect(shop.products.filter((p) => p.status === "DRAFT").length).toBeGreaterThanOrEqual(2);
    expect(shop.products.filter((p) => p.variants.length === 1 && p.variants[0].title === "Default Title").length).toBeGreaterThan(10);
    expect(shop.products.some((p) => p.variants.some((v) => v.compareAtPriceCents !== null))).toBe(true);
    expect(shop.products.some((p) => p.variants.some((v) => v.inventoryQuantity === 0))).toBe(true);
    expect(new Set(shop.products.map((p) => p.handle)).size).toBe(shop.products.length);
    for (const product of shop.products) {
      expect(product.images.length).toBeGreaterThanOrEqual(1);
      expect(product.images.length).toBeLessThanOrEqual(2);
      expect(product.images[0]).toMatchObject({ url: `/sandbox-assets/products/${product.handle}.svg`, width: 800, height: 800 });
      for (const image of product.images) expect(image.url.startsWith(`/sandbox-assets/products/${product.handle}.svg`)).toBe(true);
      for (const variant of product.variants) {
        expect(variant.productId).toBe(product.id);
        expect(Number.isInteger(variant.priceCents) && variant.priceCents > 0).toBe(true);
        if (variant.compareAtPriceCents !== null) expect(variant.compareAtPriceCents).toBeGreaterThan(variant.priceCents);
      }
    }
    expect(shop.collections.length).toBeGreaterThanOrEqual(6);
    const productIds = new Set(shop.products.map((p) => p.id));
    for (const collection of shop.collections) {
      expect(collection.productIds.length).toBeGreaterThan(0);
      for (const id of collection.productIds) expect(productIds.has(id)).toBe(true);
    }
  });

  it("has enough plausible customers", () => {
    expect(shop.customers.length).toBeGreaterThanOrEqual(800);
    const emails = shop.customers.map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9._+]+@example\.(com|org)$/);
    const subscribed = shop.customers.filter((c) => c.emailMarketingConsent === "SUBSCRIBED").length / shop.customers.length;
    expect(subscribed).toBeGreaterThan(0.45);
    expect(subscribed).toBeLessThan(0.65);
    expect(shop.customers.some((c) => c.birthday !== null)).toBe(true);
    for (const customer of shop.customers) {
      if (customer.defaultAddress) expect(customer.defaultAddress.countryCode).toBe("US");
    }
  });

  it("has 18 months of orders, numbered in time order", () => {
    expect(shop.orders.length).toBeGreaterThanOrEqual(6000);
    const from = Date.UTC(2025, 4, 1);
    shop.orders.forEach((order, i) => {
      expect(order.name).toBe(`#${1001 + i}`);
      const createdAt = Date.parse(order.createdAt);
      expect(createdAt).toBeGreaterThanOrEqual(from);
      expect(createdAt).toBeLessThanOrEqual(NOW.getTime());
      if (i > 0) expect(createdAt).toBeGreaterThanOrEqual(Date.parse(shop.orders[i - 1].createdAt));
    });
    expect(shop.nextOrderNumber).toBe(1001 + shop.orders.length);
  });

  it("keeps every order's money consistent", () => {
    const giftCardProductIds = new Set(shop.products.filter((p) => p.isGiftCard).map((p) => p.id));
    for (const order of shop.orders) {
      let gross = 0;
      let discounts = 0;
      for (const line of order.lineItems) {
        expect(line.quantity).toBeGreaterThan(0);
        gross += line.priceCents * line.quantity;
        discounts += line.discountCents;
      }
      expect(order.subtotalCents).toBe(gross - discounts);
      expect(order.totalCents).toBe(order.subtotalCents + order.shippingCents + order.taxCents);
      expect(order.discountCodes.reduce((sum, d) => sum + d.amountCents, 0)).toBe(discounts);
      expect([0, 695]).toContain(order.shippingCents);
      if (order.subtotalCents >= 5000) expect(order.shippingCents).toBe(0);
      // 7% tax on everything but gift cards, which also need no shipping
      const taxableCents = order.lineItems
        .filter((line) => !giftCardProductIds.has(line.productId))
        .reduce((sum, line) => sum + line.priceCents * line.quantity - line.discountCents, 0);
      expect(order.taxCents).toBe(Math.round(taxableCents * 0.07));
      if (taxableCents === 0) expect(order.shippingCents).toBe(0);
      const refunded = order.refunds.reduce(
        (sum, r) => sum + r.shippingRefundCents + r.refundLineItems.reduce((s, l) => s + l.subtotalCents, 0),
        0,
      );
      expect(refunded).toBeLessThanOrEqual(order.subtotalCents + order.shippingCents);
    }
  });

  it("uses unique ids across the whole state and points at real objects", () => {
    const ids: number[] = [];
    for (const p of shop.products) ids.push(p.id, ...p.images.map((i) => i.id), ...p.variants.map((v) => v.id));
    ids.push(...shop.collections.map((c) => c.id), ...shop.customers.map((c) => c.id));
    for (const o of shop.orders) ids.push(o.id, ...o.lineItems.map((l) => l.id), ...o.refunds.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1_000_000);
    expect(Math.max(...ids)).toBeLessThan(shop.nextId);

    const variantProduct = new Map(shop.products.flatMap((p) => p.variants.map((v) => [v.id, p] as const)));
    const customerIds = new Set(shop.customers.map((c) => c.id));
    for (const order of shop.orders) {
      if (order.customerId !== null) expect(customerIds.has(order.customerId)).toBe(true);
      const lineIds = new Set(order.lineItems.map((l) => l.id));
      for (const line of order.lineItems) {
        const product = variantProduct.get(line.variantId);
        expect(product?.id).toBe(line.productId);
        expect(product?.status).toBe("ACTIVE");
      }
      for (const refund of order.refunds) for (const r of refund.refundLineItems) expect(lineIds.has(r.lineItemId)).toBe(true);
    }
  });

  it("has complementary products bought together far more often than chance", () => {
    expect(lift(liveOrders, productId(shop, "ceramic-pour-over-dripper"), productId(shop, "cone-paper-filters"))).toBeGreaterThan(4);
    expect(lift(liveOrders, productId(shop, "stoneware-mug"), productId(shop, "cork-coaster-set"))).toBeGreaterThan(4);
    expect(lift(liveOrders, productId(shop, "ceremonial-matcha"), productId(shop, "bamboo-matcha-whisk"))).toBeGreaterThan(4);
  });

  it("has one-time buyers, loyal repeaters re-buying beans on a 3-5 week cycle, and churned customers", () => {
    const byCustomer = ordersPerCustomer();
    const buyers = [...byCustomer.values()];
    const oneTimeShare = buyers.filter((orders) => orders.length === 1).length / buyers.length;
    expect(oneTimeShare).toBeGreaterThan(0.5);
    expect(oneTimeShare).toBeLessThan(0.7);
    expect(buyers.filter((orders) => orders.length >= 5).length).toBeGreaterThan(150);

    const coffeeIds = new Set(shop.products.filter((p) => p.productType === "Coffee").map((p) => p.id));
    const beanGaps: number[] = [];
    for (const orders of buyers) {
      const beanTimes = orders
        .filter((o) => o.cancelledAt === null && o.lineItems.some((l) => coffeeIds.has(l.productId)))
        .map((o) => Date.parse(o.createdAt));
      if (beanTimes.length < 3) continue;
      for (let i = 1; i < beanTimes.length; i++) beanGaps.push((beanTimes[i] - beanTimes[i - 1]) / DAY_MS);
    }
    expect(beanGaps.length).toBeGreaterThan(1000);
    expect(median(beanGaps)).toBeGreaterThanOrEqual(21);
    expect(median(beanGaps)).toBeLessThanOrEqual(35);

    const churned = buyers.filter((orders) => orders.length >= 3 && NOW.getTime() - Date.parse(orders[orders.length - 1].createdAt) > 120 * DAY_MS);
    expect(churned.length).toBeGreaterThan(20);
  });

  it("has guests, refunds and cancellations in realistic shares", () => {
    const n = shop.orders.length;
    const guestShare = shop.orders.filter((o) => o.customerId === null).length / n;
    expect(guestShare).toBeGreaterThan(0.03);
    expect(guestShare).toBeLessThan(0.07);

    const refunded = shop.orders.filter((o) => o.cancelledAt === null && o.refunds.length > 0);
    expect(refunded.length / n).toBeGreaterThan(0.025);
    expect(refunded.length / n).toBeLessThan(0.06);
    expect(refunded.some((o) => o.financialStatus === "REFUNDED")).toBe(true);
    expect(refunded.some((o) => o.financialStatus === "PARTIALLY_REFUNDED")).toBe(true);
    for (const order of refunded) {
      expect(["REFUNDED", "PARTIALLY_REFUNDED"]).toContain(order.financialStatus);
      expect(order.refunds[0].refundLineItems.length).toBeGreaterThan(0);
    }

    const cancelled = shop.orders.filter((o) => o.cancelledAt !== null);
    expect(cancelled.length / n).toBeGreaterThan(0.008);
    expect(cancelled.length / n).toBeLessThan(0.025);
    for (const order of cancelled) {
      expect(order.cancelReason).not.toBeNull();
      expect(["VOIDED", "REFUNDED"]).toContain(order.financialStatus);
      expect(order.fulfillmentStatus).toBe("UNFULFILLED");
    }

    const fulfilled = shop.orders.filter((o) => o.fulfillmentStatus === "FULFILLED");
    expect(fulfilled.length / n).toBeGreaterThan(0.95);
    for (const order of fulfilled) expect(Date.parse(order.fulfilledAt ?? "")).toBeGreaterThan(Date.parse(order.createdAt));
    const lastWeek = shop.orders.filter((o) => Date.parse(o.createdAt) > NOW.getTime() - 7 * DAY_MS);
    expect(lastWeek.some((o) => o.fulfillmentStatus === "UNFULFILLED" && o.cancelledAt === null)).toBe(true);
    expect(shop.orders.some((o) => o.discountCodes.length > 0)).toBe(true);
  });

  it("grows over time and peaks in the holiday season", () => {
    const perDay = (from: string, to: string) =>
      shop.orders.filter((o) => o.createdAt >= from && o.createdAt < to).length / ((Date.parse(to) - Date.parse(from)) / DAY_MS);
    expect(perDay("2025-11-01", "2026-01-01")).toBeGreaterThan(1.2 * perDay("2025-09-01", "2025-11-01"));
    expect(perDay("2026-05-01", "2026-11-01")).toBeGreaterThan(1.2 * perDay("2025-05-01", "2025-11-01"));
  });
});
