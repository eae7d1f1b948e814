import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderPayload, refundPayload } from "../../app/sandbox/webhooks/payloads";
import { postWebhook } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const source = () => ({ shop: stack.sandbox.context.store.state.shop, store: stack.sandbox.context.store });
const anOrder = (index: number) => {
  const orders = stack.sandbox.context.store.state.orders.filter((o) => o.customerId && o.financialStatus === "PAID" && o.refunds.length === 0);
  return orders[index];
};

describe("webhooks", () => {
  it("applies a signed webhook delivered three times exactly once", async () => {
    const order = anOrder(0);
    const payload = orderPayload(source(), order);
    const eventId = randomUUID();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postWebhook(stack, { topic: "orders/paid", payload, eventId }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.headers.get("X-Encore-Delivery"))).toEqual(["accepted", "duplicate", "duplicate"]);

    const delivery = await eventually(
      () => stack.db.webhookDelivery.findFirst({ where: { shop: stack.shop, eventId, status: "processed" } }),
      "the delivery to be processed",
    );
    expect(delivery.attempts).toBe(1);
    expect(await stack.db.webhookDelivery.count({ where: { shop: stack.shop, eventId } })).toBe(1);
    const stored = await stack.db.order.findUnique({ where: { shop_id: { shop: stack.shop, id: String(order.id) } }, include: { lines: true } });
    expect(stored?.name).toBe(order.name);
    expect(stored?.lines).toHaveLength(order.lineItems.length);
    expect(stored?.totalCents).toBe(order.totalCents);
  });

  it("rejects a forged webhook with 401 and writes nothing", async () => {
    const before = await stack.db.webhookDelivery.count();
    const response = await postWebhook(stack, { topic: "orders/paid", payload: orderPayload(source(), anOrder(1)), secret: "not-the-secret" });
    expect(response.status).toBe(401);
    expect(await stack.db.webhookDelivery.count()).toBe(before);
    expect(await stack.db.order.count({ where: { id: String(anOrder(1).id) } })).toBe(0);
  });

  it("answers 400 when Shopify's headers are missing, and writes nothing", async () => {
    const before = await stack.db.webhookDelivery.count();
    const response = await postWebhook(stack, { topic: "orders/paid", payload: orderPayload(source(), anOrder(2)), omitHeaders: ["X-Shopify-Topic"] });
    expect(response.status).toBe(400);
    expect(await stack.db.webhookDelivery.count()).toBe(before);
  });

  it("keeps the newest version of an order when an older update arrives late", async () => {
    const order = structuredClone(anOrder(3));
    const newer = orderPayload(source(), { ...order, updatedAt: "2026-10-02T10:00:00Z", cancelledAt: "2026-10-02T10:00:00Z" });
    const older = orderPayload(source(), { ...order, updatedAt: "2026-10-01T10:00:00Z", cancelledAt: null });
    await postWebhook(stack, { topic: "orders/cancelled", payload: newer });
    const id = String(order.id);
    await eventually(() => stack.db.order.findUnique({ where: { shop_id: { shop: stack.shop, id } } }), "the cancelled order");
    const late = randomUUID();
    await postWebhook(stack, { topic: "orders/updated", payload: older, eventId: late });
    await eventually(() => stack.db.webhookDelivery.findFirst({ where: { eventId: late, status: "processed" } }), "the late update");
    const stored = await stack.db.order.findUnique({ where: { shop_id: { shop: stack.shop, id } } });
    expect(stored?.cancelledAt?.toISOString()).toBe("2026-10-02T10:00:00.000Z");
  });

  it("applies a refund that arrives before its order once the order is known", async () => {
    const order = anOrder(4);
    const refund = {
      id: 990_000_001,
      createdAt: new Date().toISOString(),
      note: "",
      refundLineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1, subtotalCents: order.lineItems[0].priceCents }],
      shippingRefundCents: 0,
    };
    const early = randomUUID();
    await postWebhook(stack, { topic: "refunds/create", payload: refundPayload(source(), order, refund), eventId: early });
    await eventually(
      () => stack.db.webhookDelivery.findFirst({ where: { eventId: early, lastError: { contains: "not known yet" } } }),
      "the refund to wait for its order",
    );
    await postWebhook(stack, { topic: "orders/paid", payload: orderPayload(source(), order) });
    const stored = await eventually(
      () => stack.db.orderRefund.findUnique({ where: { shop_id: { shop: stack.shop, id: String(refund.id) } } }),
      "the refund to be applied after a retry",
      30_000,
    );
    expect(stored.amountCents).toBeGreaterThan(0);
  });
});

describe("sandbox storefront to app", () => {
  it("delivers an order placed on the storefront to the app as signed webhooks", async () => {
    const sandboxUrl = stack.sandbox.context.config.publicUrl;
    const product = stack.sandbox.context.store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.some((v) => v.inventoryQuantity > 0))!;
    const variant = product.variants.find((v) => v.inventoryQuantity > 0)!;
    const customer = stack.sandbox.context.store.state.customers[0];

    const login = await fetch(`${sandboxUrl}/account/login?customer_id=${customer.id}`, { redirect: "manual" });
    const cookies = login.headers.getSetCookie().map((c) => c.split(";")[0]);
    const add = await fetch(`${sandboxUrl}/cart/add.js`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookies.join("; ") },
      body: JSON.stringify({ items: [{ id: variant.id, quantity: 2 }] }),
    });
    expect(add.status).toBe(200);
    cookies.push(...add.headers.getSetCookie().map((c) => c.split(";")[0]));
    const checkout = await fetch(`${sandboxUrl}/checkout`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.join("; ") },
      body: new URLSearchParams({ email: customer.email }),
      redirect: "manual",
    });
    expect([302, 303]).toContain(checkout.status);
    const placed = stack.sandbox.context.store.state.orders.at(-1)!;
    expect(placed.lineItems[0].variantId).toBe(variant.id);

    const stored = await eventually(
      () => stack.db.order.findUnique({ where: { shop_id: { shop: stack.shop, id: String(placed.id) } }, include: { lines: true } }),
      "the storefront order to reach the app",
    );
    expect(stored.name).toBe(placed.name);
    expect(stored.customerId).toBe(String(customer.id));
    expect(stored.lines[0].quantity).toBe(2);
    // orders/create and orders/paid are separate deliveries: the paid one may land a moment later.
    await eventually(async () => {
      const topics = await stack.db.webhookDelivery.findMany({ where: { shop: stack.shop, payload: { contains: `"name":"${placed.name}"` } }, select: { topic: true } });
      const received = new Set(topics.map((t) => t.topic));
      return received.has("ORDERS_CREATE") && received.has("ORDERS_PAID") ? true : null;
    }, "orders/create and orders/paid to be received");
  });

  it("delivers merchant changes (a product edit, a new customer) as webhooks the app applies", async () => {
    const sandboxUrl = stack.sandbox.context.config.publicUrl;
    const product = stack.sandbox.context.store.state.products[0];
    const edit = await fetch(`${sandboxUrl}/sandbox/products/${product.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Renamed in the sandbox" }),
    });
    expect(edit.status).toBe(200);
    await eventually(
      () => stack.db.product.findFirst({ where: { shop: stack.shop, id: String(product.id), title: "Renamed in the sandbox" } }),
      "the product update to reach the app",
    );

    const bad = await fetch(`${sandboxUrl}/sandbox/products/${product.id}`, { method: "POST", body: JSON.stringify({ priceCents: -5 }) });
    expect(bad.status).toBe(400);

    const signup = await fetch(`${sandboxUrl}/sandbox/customers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "New.Shopper@example.com", firstName: "New" }),
    });
    expect(signup.status).toBe(201);
    const { customer } = (await signup.json()) as { customer: { id: number } };
    const stored = await eventually(
      () => stack.db.customer.findUnique({ where: { shop_id: { shop: stack.shop, id: String(customer.id) } } }),
      "the new customer to reach the app",
    );
    expect(stored.email).toBe("new.shopper@example.com");
  });
});
