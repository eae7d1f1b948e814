// Cross-sell analytics end to end over HTTP: storefront events through the signed app proxy,
// attribution from order and refund webhooks (with redelivery), shop isolation, and the
// analytics page's loader data.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import type { SandboxOrder, SandboxRefund } from "../../app/sandbox/store/types";
import { orderPayload, refundPayload } from "../../app/sandbox/webhooks/payloads";
import { adminFetch, appProxyUrl, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { deliverWebhook } from "../support/sandbox-shop";
import { eventually, startStack, TEST_API_SECRET, type Stack } from "../support/stack";

let stack: Stack;
const OTHER_SHOP = "someone-else.myshopify.com";

beforeAll(async () => {
  stack = await startStack();
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the shop and its session
  await eventually(() => stack.db.shop.findUnique({ where: { domain: stack.shop } }), "the shop row");
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

function postEvents(body: string, options: { shop?: string; contentType?: string } = {}) {
  const url = options.shop
    ? `${stack.app.url}/proxy/events?${signedProxyQuery(new URLSearchParams(), { shop: options.shop, customerId: null, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) }, TEST_API_SECRET).toString()}`
    : appProxyUrl(stack, "/events");
  return fetch(url, { method: "POST", headers: { "Content-Type": options.contentType ?? "text/plain;charset=UTF-8" }, body });
}

async function eventCounts(shop = stack.shop) {
  const rows = await stack.db.crossSellEventDaily.findMany({ where: { shop }, orderBy: [{ type: "asc" }, { productId: "asc" }, { visitorGroup: "asc" }] });
  return rows.map((r) => [r.type, r.anchorId, r.productId, r.source, r.visitorGroup, r.count]);
}

async function loaderData(days = "7") {
  const response = await adminFetch(`${stack.app.url}/app/cross-sell/analytics?days=${days}&_data=routes%2Fapp.cross-sell.analytics`, { bearer: sessionToken(stack) });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    totals: { impressions: number; clicks: number; addToCarts: number; orders: number; revenueCents: number; ctr: number | null };
    products: { anchorId: string; productId: string; productTitle: string; source: string; impressions: number; revenueCents: number; orders: number }[];
    sources: { source: string; revenueCents: number }[];
    holdout: { shown: { visitors: number; orders: number; revenueCents: number }; holdout: { visitors: number; orders: number }; incrementalRevenueCents: number | null; conclusive: boolean };
    daily: { day: string; impressions: number }[];
    currencyCode: string;
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/** A sandbox order made recent, with its second line added by Encore and the cart's group. */
function encoreOrder(group: "shown" | "holdout", encoreLine: boolean): SandboxOrder {
  const { store } = stack.sandbox.context;
  const base = store.state.orders.find((o) => o.financialStatus === "PAID" && !o.cancelledAt && o.lineItems.length >= 2 && o.lineItems[1].quantity >= 2) ??
    store.state.orders.find((o) => o.financialStatus === "PAID" && !o.cancelledAt && o.lineItems.length >= 2)!;
  const order = structuredClone(base);
  order.id = store.nextId();
  order.lineItems = order.lineItems.map((line) => ({ ...line, id: store.nextId() }));
  const now = new Date().toISOString();
  Object.assign(order, { createdAt: now, processedAt: now, updatedAt: now });
  order.noteAttributes = [{ name: "_encore_group", value: group }];
  if (encoreLine) {
    order.lineItems[1].properties = [
      { name: "_encore_source", value: "fbt" },
      { name: "_encore_anchor", value: String(order.lineItems[0].productId) },
      { name: "_encore_reason", value: "bought-together" },
    ];
  }
  return order;
}

const source = () => ({ shop: stack.sandbox.context.store.state.shop, store: stack.sandbox.context.store });

describe("POST /apps/encore/events", () => {
  const batch = (group: string, visitor: string, events: unknown[]) => JSON.stringify({ visitor, group, events });

  it("stores a signed batch as daily counters and the visitor, answering 204", async () => {
    const events = [
      { type: "impression", block: "fbt", anchor: "100", product: "110", source: "bought-together" },
      { type: "impression", block: "fbt", anchor: "100", product: "120", source: "rule:abc" },
      { type: "click", block: "fbt", anchor: "100", product: "110", source: "bought-together" },
    ];
    const response = await postEvents(batch("shown", "visitor-aaaa", events));
    expect(response.status).toBe(204);
    expect((await postEvents(batch("shown", "visitor-bbbb", events.slice(0, 1)), { contentType: "application/json" })).status).toBe(204);
    expect((await postEvents(batch("holdout", "visitor-cccc", events.slice(0, 2)))).status).toBe(204);
    expect(await eventCounts()).toEqual([
      ["click", "100", "110", "bought-together", "shown", 1],
      ["impression", "100", "110", "bought-together", "holdout", 1],
      ["impression", "100", "110", "bought-together", "shown", 2],
      ["impression", "100", "120", "rule:abc", "holdout", 1],
      ["impression", "100", "120", "rule:abc", "shown", 1],
    ]);
    const visitors = await stack.db.crossSellVisitorDay.findMany({ where: { shop: stack.shop }, orderBy: { visitor: "asc" } });
    expect(visitors.map((v) => [v.day, v.visitor, v.visitorGroup])).toEqual([
      [today(), "visitor-aaaa", "shown"],
      [today(), "visitor-bbbb", "shown"],
      [today(), "visitor-cccc", "holdout"],
    ]);
  });

  it("answers a bad body with 400 and a reason, storing nothing", async () => {
    const before = await eventCounts();
    const cases: [string, RegExp][] = [
      ["{not json", /not valid JSON/],
      [batch("shown", "short", [{ type: "impression", block: "fbt" }]), /visitor/],
      [batch("shown", "visitor-dddd", [{ type: "impression", block: "fbt" }, { type: "bought", block: "fbt" }]), /events\.1\.type/],
      [batch("shown", "visitor-dddd", []), /1 to 50 events/],
    ];
    for (const [body, message] of cases) {
      const response = await postEvents(body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    const tooLarge = await postEvents(batch("shown", "visitor-dddd", Array(40).fill({ type: "impression", block: "fbt", source: `rule:${"x".repeat(60)}` })).padEnd(20_000));
    expect(tooLarge.status).toBe(413);
    // Chunked, with no Content-Length to check first: cut off at the cap all the same.
    const chunk = new TextEncoder().encode(" ".repeat(8_000));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await fetch(appProxyUrl(stack, "/events"), { method: "POST", body: stream, duplex: "half" } as RequestInit & { duplex: "half" });
    expect(chunked.status).toBe(413);
    expect(await eventCounts()).toEqual(before);
    expect(await stack.db.crossSellVisitorDay.count({ where: { shop: stack.shop, visitor: "visitor-dddd" } })).toBe(0);
  });

  it("rejects an unsigned request with 400", async () => {
    const response = await fetch(`${stack.app.url}/proxy/events?shop=${stack.shop}`, { method: "POST", body: batch("shown", "visitor-eeee", [{ type: "click", block: "fbt" }]) });
    expect(response.status).toBe(400);
    expect(await stack.db.crossSellVisitorDay.count({ where: { visitor: "visitor-eeee" } })).toBe(0);
  });

  it("keeps each shop's events to itself", async () => {
    expect((await postEvents(batch("shown", "visitor-ffff", [{ type: "impression", block: "fbt", anchor: "1", product: "2" }]), { shop: OTHER_SHOP })).status).toBe(204);
    expect(await eventCounts(OTHER_SHOP)).toEqual([["impression", "1", "2", "", "shown", 1]]);
    const data = await loaderData();
    expect(data.totals.impressions).toBe(3); // the shown impressions of this shop only
    expect(data.products.some((p) => p.productId === "2")).toBe(false);
  });
});

describe("attribution from orders", () => {
  let order: SandboxOrder;
  let payload: Record<string, unknown>;

  it("records an order's Encore lines (after line discounts) and its group from the cart attributes", async () => {
    order = encoreOrder("shown", true);
    payload = orderPayload(source(), order) as Record<string, unknown>;
    await deliverWebhook(stack, "orders/paid", payload);
    const line = order.lineItems[1];
    const expected = line.priceCents * line.quantity - line.discountCents;
    const row = await stack.db.crossSellOrderAttribution.findUnique({ where: { shop_orderId: { shop: stack.shop, orderId: String(order.id) } } });
    expect(row).toMatchObject({ day: today(), visitorGroup: "shown", attributedCents: expected, orderNetCents: order.totalCents });
    const lines = await stack.db.crossSellAttributedLine.findMany({ where: { shop: stack.shop, orderId: String(order.id) } });
    expect(lines.map((l) => [l.lineId, l.block, l.anchorId, l.productId, l.source, l.quantity, l.revenueCents])).toEqual([
      [String(line.id), "fbt", String(order.lineItems[0].productId), String(line.productId), "bought-together", line.quantity, expected],
    ]);
  });

  it("is unchanged by a redelivery, and nets a partial refund", async () => {
    const before = await stack.db.crossSellOrderAttribution.findMany({ where: { shop: stack.shop } });
    await deliverWebhook(stack, "orders/updated", payload);
    expect(await stack.db.crossSellOrderAttribution.findMany({ where: { shop: stack.shop } })).toEqual(before);

    const line = order.lineItems[1];
    const refund: SandboxRefund = {
      id: stack.sandbox.context.store.nextId(),
      createdAt: new Date().toISOString(),
      note: "",
      refundLineItems: [{ lineItemId: line.id, quantity: 1, subtotalCents: line.priceCents }],
      shippingRefundCents: 0,
    };
    const refundEvent = randomUUID();
    await deliverWebhook(stack, "refunds/create", refundPayload(source(), order, refund), refundEvent);
    const lineTotal = line.priceCents * line.quantity - line.discountCents;
    const row = await stack.db.crossSellOrderAttribution.findUnique({ where: { shop_orderId: { shop: stack.shop, orderId: String(order.id) } } });
    expect(row).toMatchObject({ attributedCents: lineTotal - line.priceCents, orderNetCents: order.totalCents - line.priceCents });
    // The same refund again (a new event id: Shopify retried it as a new delivery) and the order
    // again: still netted once.
    await deliverWebhook(stack, "refunds/create", refundPayload(source(), order, refund));
    await deliverWebhook(stack, "orders/updated", payload);
    expect(await stack.db.crossSellOrderAttribution.findUnique({ where: { shop_orderId: { shop: stack.shop, orderId: String(order.id) } } })).toEqual(row);

    const data = await loaderData();
    expect(data.totals.orders).toBe(1);
    expect(data.totals.revenueCents).toBe(lineTotal - line.priceCents);
    const product = data.products.find((p) => p.productId === String(line.productId) && p.source === "bought-together")!;
    expect(product).toMatchObject({ orders: 1, revenueCents: lineTotal - line.priceCents });
    expect(data.sources.find((s) => s.source === "bought-together")?.revenueCents).toBe(lineTotal - line.priceCents);
  });

  it("compares the groups for incremental revenue, saying the holdout is too small", async () => {
    const held = encoreOrder("holdout", false);
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), held));
    const data = await loaderData("30");
    expect(data.holdout.shown).toMatchObject({ visitors: 2, orders: 1 });
    expect(data.holdout.holdout).toMatchObject({ visitors: 1, orders: 1 });
    expect(data.holdout.incrementalRevenueCents).not.toBeNull();
    expect(data.holdout.conclusive).toBe(false);
    expect(data.daily).toHaveLength(30);
    expect(data.daily.at(-1)).toMatchObject({ day: today(), impressions: 3 });
    expect(data.currencyCode).toBe("USD");
  });

  it("removes a cancelled order's attribution", async () => {
    const cancelled = { ...order, cancelledAt: new Date().toISOString(), cancelReason: "CUSTOMER" as const, updatedAt: new Date(Date.now() + 1000).toISOString() };
    await deliverWebhook(stack, "orders/cancelled", orderPayload(source(), cancelled));
    expect(await stack.db.crossSellOrderAttribution.count({ where: { shop: stack.shop, orderId: String(order.id) } })).toBe(0);
    expect(await stack.db.crossSellAttributedLine.count({ where: { shop: stack.shop, orderId: String(order.id) } })).toBe(0);
    // A late, older delivery of the paid order does not bring it back.
    await deliverWebhook(stack, "orders/paid", payload);
    expect(await stack.db.crossSellOrderAttribution.count({ where: { shop: stack.shop, orderId: String(order.id) } })).toBe(0);
  });

  it("rejects a bad period on the analytics page", async () => {
    const response = await adminFetch(`${stack.app.url}/app/cross-sell/analytics?days=12&_data=routes%2Fapp.cross-sell.analytics`, { bearer: sessionToken(stack) });
    expect(response.status).toBe(400);
  });
});
