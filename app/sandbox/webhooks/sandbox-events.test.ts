import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCustomerPayload, parseOrderPayload } from "../../shopify/webhook-payloads";
import type { SandboxConfig } from "../sandbox-context";
import { createSandboxEvents, customerCreatedAtCheckout } from "./sandbox-events";
import { aCancelledOrder, aCustomer, aPaidOrder, aPartlyRefundedOrder, aProduct, testStore } from "./test-store";
import { createWebhookSender, webhookHmac, type WebhookSender } from "./webhook-sender";

const config: SandboxConfig = {
  publicUrl: "http://127.0.0.1:3100",
  shopDomain: "encore-test.myshopify.com",
  appUrl: "http://127.0.0.1:1",
  apiKey: "sandbox-test-key",
  apiSecret: "sandbox-test-secret",
  scopes: [],
  apiVersion: "2026-10",
  appConfigPath: fileURLToPath(new URL("../../../shopify.app.toml", import.meta.url)),
  extensionsDir: "extensions",
  webhookRetryDelaysMs: [],
};

/** A sender that only records what it was asked to send. */
function recordingSender() {
  const sent: { topic: string; payload: Record<string, unknown> }[] = [];
  const sender: WebhookSender = {
    send: (topic, payload) => (sent.push({ topic, payload: payload as Record<string, unknown> }), []),
    sendCompliance: (topic, payload) => (sent.push({ topic, payload: payload as Record<string, unknown> }), []),
    deliveries: () => [],
    idle: async () => undefined,
    stop: () => undefined,
  };
  return { sender, sent, topics: () => sent.map((s) => s.topic) };
}

/** The store with a buyer whose customer record the checkout of order 700 created. */
function storeWithCheckoutCustomer() {
  const store = testStore();
  const customer = aCustomer({ id: 250, email: "new@example.com", createdAt: "2026-08-01T10:00:00.000Z", updatedAt: "2026-08-01T10:00:05.000Z" });
  const order = aPaidOrder({ id: 700, name: "#1005", customerId: 250, email: "new@example.com", createdAt: "2026-08-01T10:00:05.000Z", processedAt: "2026-08-01T10:00:05.000Z" });
  store.state.customers.push(customer);
  store.state.orders.push(order);
  return { store, customer, order };
}

describe("sandbox events", () => {
  it("send orders/create and orders/paid for a paid order of an existing customer", () => {
    const { sender, sent, topics } = recordingSender();
    createSandboxEvents(config, testStore(), sender).orderPlaced(aPaidOrder());
    expect(topics()).toEqual(["orders/create", "orders/paid"]);
    expect(sent[0].payload).toMatchObject({ id: 300, financial_status: "paid" });
  });

  it("send orders/edited (what was added) and orders/updated (the order as it is now) for a post-purchase edit", () => {
    const { sender, sent, topics } = recordingSender();
    const order = aPaidOrder();
    createSandboxEvents(config, testStore(), sender).orderEdited(order, { id: 9001, createdAt: order.createdAt, addedLineItems: [{ lineItemId: 77, quantity: 1 }] });
    expect(topics()).toEqual(["orders/edited", "orders/updated"]);
    expect(sent[0].payload).toMatchObject({ order_edit: { id: 9001, order_id: order.id, line_items: { additions: [{ id: 77, delta: 1 }], removals: [] } } });
    expect(parseOrderPayload(sent[1].payload).id).toBe(String(order.id));
  });

  it("send customers/create first when the checkout created the customer", () => {
    const { store, order } = storeWithCheckoutCustomer();
    const { sender, sent, topics } = recordingSender();
    createSandboxEvents(config, store, sender).orderPlaced(order);
    expect(topics()).toEqual(["customers/create", "orders/create", "orders/paid"]);
    expect(sent[0].payload).toMatchObject({ id: 250, email: "new@example.com" });
  });

  it("tell a checkout's new customer from a returning one by creation time and order history", () => {
    const { store, customer, order } = storeWithCheckoutCustomer();
    expect(customerCreatedAtCheckout(store, order)?.id).toBe(250);
    expect(customerCreatedAtCheckout(store, aPaidOrder())).toBeNull(); // customer 200 is from 2025
    expect(customerCreatedAtCheckout(store, { ...order, customerId: null })).toBeNull();
    // Created moments before, but already ordered before this one: not new at this checkout.
    store.state.orders.push(aPaidOrder({ id: 650, customerId: customer.id, createdAt: "2026-08-01T10:00:01.000Z" }));
    expect(customerCreatedAtCheckout(store, order)).toBeNull();
  });

  it("send no orders/paid for an order still pending payment", () => {
    const { sender, topics } = recordingSender();
    createSandboxEvents(config, testStore(), sender).orderPlaced(aPaidOrder({ financialStatus: "PENDING" }));
    expect(topics()).toEqual(["orders/create"]);
  });

  it("send the topics Shopify sends for refunds, cancellations, fulfillments, customers and products", () => {
    const { sender, sent, topics } = recordingSender();
    const events = createSandboxEvents(config, testStore(), sender);
    const refunded = aPartlyRefundedOrder();
    events.orderRefunded(refunded, refunded.refunds[0]);
    events.orderCancelled(aCancelledOrder());
    events.orderFulfilled(aPaidOrder());
    events.customerCreated(aCustomer());
    events.customerUpdated(aCustomer());
    events.productUpdated(aProduct());
    expect(topics()).toEqual([
      "refunds/create",
      "orders/updated",
      "orders/cancelled",
      "orders/updated",
      "orders/fulfilled",
      "orders/updated",
      "customers/create",
      "customers/update",
      "products/update",
    ]);
    expect(sent[0].payload).toMatchObject({ id: 410, order_id: 400 });
    expect(sent[2].payload).toMatchObject({ id: 500, cancel_reason: "customer", financial_status: "voided" });
    expect(sent[8].payload).toMatchObject({ id: 100, status: "active" });
  });

  it("reach the app as signed deliveries its parsers accept, one event id per topic", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => (body += chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const appConfig = { ...config, appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
      const { store, order } = storeWithCheckoutCustomer();
      const events = createSandboxEvents(appConfig, store, createWebhookSender(appConfig));
      events.orderPlaced(order);
      await events.idle();

      const byTopic = new Map(received.map((r) => [r.headers["x-shopify-topic"], r]));
      expect([...byTopic.keys()].sort()).toEqual(["customers/create", "orders/create", "orders/paid"]);
      for (const { headers, body } of received) expect(headers["x-shopify-hmac-sha256"]).toBe(webhookHmac(body, config.apiSecret));
      expect(new Set(received.map((r) => r.headers["x-shopify-event-id"])).size).toBe(3);
      expect(parseCustomerPayload(JSON.parse(byTopic.get("customers/create")!.body)).id).toBe("250");
      expect(parseOrderPayload(JSON.parse(byTopic.get("orders/paid")!.body))).toMatchObject({ id: "700", customerId: "250", totalCents: order.totalCents });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
