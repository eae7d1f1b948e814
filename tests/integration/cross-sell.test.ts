import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildCoPurchases, recomputeAllComplements } from "../../app/cross-sell/co-purchase.server";
import { orderPayload, productPayload } from "../../app/sandbox/webhooks/payloads";
import { appProxyUrl, postWebhook } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
const ORDERS = 150;

async function deliverAll(deliveries: { topic: string; payload: unknown }[]) {
  const eventIds: string[] = [];
  for (const delivery of deliveries) {
    const eventId = randomUUID();
    eventIds.push(eventId);
    expect((await postWebhook(stack, { ...delivery, eventId })).status).toBe(200);
  }
  await eventually(
    async () => (await stack.db.webhookDelivery.count({ where: { eventId: { in: eventIds }, status: "processed" } })) === eventIds.length,
    `${eventIds.length} deliveries to be processed`,
    60_000,
  );
}

async function statistics() {
  const [total, products, pairs, complements] = await Promise.all([
    stack.db.coPurchaseTotal.findUnique({ where: { shop: stack.shop } }),
    stack.db.productBasketCount.findMany({ where: { shop: stack.shop }, orderBy: { productId: "asc" } }),
    stack.db.productPairCount.findMany({ where: { shop: stack.shop }, orderBy: [{ productId: "asc" }, { partnerId: "asc" }] }),
    stack.db.productComplements.findMany({ where: { shop: stack.shop }, orderBy: { productId: "asc" }, select: { productId: true, complements: true } }),
  ]);
  return { total: total?.baskets, products, pairs, complements };
}

beforeAll(async () => {
  stack = await startStack();
  const { store } = stack.sandbox.context;
  const source = { shop: store.state.shop, store };
  await deliverAll(store.state.products.map((product) => ({ topic: "products/update", payload: productPayload(source, product) })));
  const paid = store.state.orders.filter((o) => o.financialStatus === "PAID" && !o.cancelledAt).slice(-ORDERS);
  await deliverAll(paid.map((order) => ({ topic: "orders/paid", payload: orderPayload(source, order) })));
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe("co-purchase statistics from order webhooks", () => {
  it("counts each paid order once, even when Shopify delivers it again", async () => {
    const before = await statistics();
    expect(before.total).toBe(ORDERS);
    const { store } = stack.sandbox.context;
    const again = store.state.orders.filter((o) => o.financialStatus === "PAID" && !o.cancelledAt).slice(-5);
    await deliverAll(again.map((order) => ({ topic: "orders/updated", payload: orderPayload({ shop: store.state.shop, store }, order) })));
    expect(await statistics()).toEqual(before);
  });

  it("reverses a cancelled order's counts, and a full rebuild gives the same statistics", async () => {
    const { store } = stack.sandbox.context;
    const order = store.state.orders.filter((o) => o.financialStatus === "PAID" && !o.cancelledAt && o.lineItems.length >= 2).at(-1)!;
    const productId = String(order.lineItems[0].productId);
    const countBefore = (await stack.db.productBasketCount.findUnique({ where: { shop_productId: { shop: stack.shop, productId } } }))!.baskets;

    const cancel = await fetch(`${stack.sandbox.context.config.publicUrl}/sandbox/orders/${order.id}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    await eventually(
      async () => (await stack.db.coPurchaseTotal.findUnique({ where: { shop: stack.shop } }))?.baskets === ORDERS - 1,
      "the cancelled order to be reversed",
      30_000,
    );
    await stack.sandbox.context.webhooks.idle();
    await eventually(
      async () => (await stack.db.webhookDelivery.count({ where: { shop: stack.shop, status: { not: "processed" } } })) === 0,
      "every delivery to be processed",
      30_000,
    );
    const countAfter = (await stack.db.productBasketCount.findUnique({ where: { shop_productId: { shop: stack.shop, productId } } }))?.baskets ?? 0;
    expect(countAfter).toBe(countBefore - 1);

    // Counts match exactly; ranked lists match once every product is re-ranked on the same counts
    // (orders re-rank only their own products at once; see recomputeAllComplements).
    await recomputeAllComplements(stack.db, stack.shop);
    const incremental = await statistics();
    await rebuildCoPurchases(stack.db, stack.shop);
    expect(await statistics()).toEqual(incremental);
  });
});

describe("the storefront recommendations endpoint (app proxy)", () => {
  it("answers a product's complements with their handles, best first", async () => {
    const { store } = stack.sandbox.context;
    const best = await stack.db.productComplements.findMany({ where: { shop: stack.shop }, orderBy: { productId: "asc" } });
    // A product whose list starts with two partners actually bought with it (a best seller in the
    // list marks where the merchant's fallbacks take over; decision 005).
    const withComplements = best.find((row) => {
      const list = JSON.parse(row.complements) as { together: number }[];
      return list.length >= 2 && list[0].together > 0 && list[1].together > 0;
    })!;
    const response = await fetch(appProxyUrl(stack, "/recommendations", { query: { product_id: withComplements.productId, limit: "2" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toContain("max-age");
    const body = (await response.json()) as { productId: string; items: { productId: string; handle: string; source: string }[] };
    expect(body.productId).toBe(withComplements.productId);
    expect(body.items).toHaveLength(2);
    for (const item of body.items) {
      expect(store.product(Number(item.productId))?.handle).toBe(item.handle);
    }
    const stored = (JSON.parse(withComplements.complements) as { productId: string }[]).map((c) => c.productId);
    expect(stored.slice(0, 4)).toContain(body.items[0].productId);
    expect(body.items[0].source).toBe("bought-together");
  });

  it("falls back to best sellers for a product with no history", async () => {
    const response = await fetch(appProxyUrl(stack, "/recommendations", { query: { product_id: "999999999", limit: "3" } }));
    const body = (await response.json()) as { items: unknown[] };
    expect(body.items).toHaveLength(3);
  });

  it("explains bad input with a 400", async () => {
    const response = await fetch(appProxyUrl(stack, "/recommendations", { query: { product_id: "abc" } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "product_id must be a numeric Shopify product id" });
  });
});
