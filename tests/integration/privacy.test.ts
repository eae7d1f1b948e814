import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  customersDataRequestPayload,
  customersRedactPayload,
  orderPayload,
  shopRedactPayload,
} from "../../app/sandbox/webhooks/payloads";
import { postWebhook } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function deliver(topic: string, payload: unknown) {
  const eventId = randomUUID();
  const response = await postWebhook(stack, { topic, payload, eventId });
  expect(response.status, stack.app.output()).toBe(200);
  await eventually(() => stack.db.webhookDelivery.findFirst({ where: { eventId, status: "processed" } }), `${topic} to be processed`);
}

describe("privacy webhooks", () => {
  it("exports, then erases, what Encore holds on a customer; then erases the shop", async () => {
    const { store } = stack.sandbox.context;
    const shop = store.state.shop;
    const customer = store.state.customers.find((c) => store.state.orders.filter((o) => o.customerId === c.id).length >= 2)!;
    const orders = store.state.orders.filter((o) => o.customerId === customer.id);
    for (const order of orders) await deliver("orders/paid", orderPayload({ shop, store }, order));
    const customerId = String(customer.id);
    expect(await stack.db.customer.findUnique({ where: { shop_id: { shop: stack.shop, id: customerId } } })).toMatchObject({ email: customer.email });

    await deliver("customers/data_request", customersDataRequestPayload(shop, customer, orders.map((o) => o.id), 9001));
    const exported = await stack.db.customerDataExport.findFirstOrThrow({ where: { shop: stack.shop, customerId } });
    const body = JSON.parse(exported.payload) as { customer: { email: string }; orders: { name: string }[] };
    expect(body.customer.email).toBe(customer.email);
    expect(body.orders.map((o) => o.name).sort()).toEqual(orders.map((o) => o.name).sort());

    await deliver("customers/redact", customersRedactPayload(shop, customer, orders.map((o) => o.id)));
    const tombstone = await stack.db.customer.findUnique({ where: { shop_id: { shop: stack.shop, id: customerId } } });
    expect(tombstone).toMatchObject({ email: null, firstName: null, lastName: null, phone: null });
    expect(tombstone?.redactedAt).toBeTruthy();
    expect(await stack.db.order.count({ where: { shop: stack.shop, customerId } })).toBe(0);
    expect(await stack.db.order.count({ where: { shop: stack.shop, email: customer.email } })).toBe(0);
    expect(await stack.db.customerDataExport.count({ where: { shop: stack.shop, customerId } })).toBe(0);
    // The anonymous order history stays (repeat-purchase statistics survive erasure).
    expect(await stack.db.order.count({ where: { shop: stack.shop, customerId: { startsWith: "redacted-" } } })).toBe(orders.length);

    // A late re-delivery of their order cannot bring the personal data back.
    await deliver("orders/paid", orderPayload({ shop, store }, orders[0]));
    expect((await stack.db.customer.findUnique({ where: { shop_id: { shop: stack.shop, id: customerId } } }))?.email).toBeNull();
    expect(await stack.db.order.count({ where: { shop: stack.shop, OR: [{ customerId }, { email: customer.email }] } })).toBe(0);

    await deliver("shop/redact", shopRedactPayload(shop));
    expect(await stack.db.order.count({ where: { shop: stack.shop } })).toBe(0);
    expect(await stack.db.customer.count({ where: { shop: stack.shop } })).toBe(0);
    expect(await stack.db.session.count({ where: { shop: stack.shop } })).toBe(0);
  });
});
