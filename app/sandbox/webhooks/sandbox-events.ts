// Sandbox events as the webhooks Shopify sends for them. Payloads are built when the event happens
// (a later change to the store does not alter a queued or retried webhook, as at Shopify).
import type { SandboxConfig, SandboxEvents } from "../sandbox-context";
import type { SandboxStore } from "../store/store";
import type { SandboxCustomer, SandboxOrder } from "../store/types";
import { customerPayload, orderPayload, productPayload, refundPayload, shopTime, type PayloadSource } from "./payloads";
import type { WebhookSender } from "./webhook-sender";

/** A checkout that creates the buyer's customer does so moments before it creates the order. */
const CHECKOUT_CUSTOMER_WINDOW_MS = 60_000;

const PAID_STATUSES = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

/**
 * The customer this order's checkout created, if it did: the customer was created within a minute
 * of the order and has no earlier order. The store records no "created by checkout" flag, so the
 * timestamps decide; a customer created by the merchant (or the app) long before is not new.
 */
export function customerCreatedAtCheckout(store: SandboxStore, order: SandboxOrder): SandboxCustomer | null {
  if (order.customerId === null) return null;
  const customer = store.customer(order.customerId);
  if (!customer) return null;
  const gapMs = Math.abs(Date.parse(order.createdAt) - Date.parse(customer.createdAt));
  if (gapMs > CHECKOUT_CUSTOMER_WINDOW_MS) return null;
  const hasEarlierOrder = store.state.orders.some(
    (other) => other.customerId === customer.id && other.id !== order.id && other.createdAt < order.createdAt,
  );
  return hasEarlierOrder ? null : customer;
}

export function createSandboxEvents(config: SandboxConfig, store: SandboxStore, sender: WebhookSender): SandboxEvents {
  // Read at each event: the store's state can be replaced (reset, reseed).
  const source = (): PayloadSource => ({ shop: store.state.shop, store, publicUrl: config.publicUrl });

  return {
    orderPlaced(order) {
      const newCustomer = customerCreatedAtCheckout(store, order);
      if (newCustomer) sender.send("customers/create", customerPayload(source(), newCustomer));
      const payload = orderPayload(source(), order);
      sender.send("orders/create", payload);
      // A pending payment (manual gateway) sends orders/paid later, when captured; not modelled.
      if (PAID_STATUSES.has(order.financialStatus)) sender.send("orders/paid", payload);
    },
    orderRefunded(order, refund) {
      sender.send("refunds/create", refundPayload(source(), order, refund));
      sender.send("orders/updated", orderPayload(source(), order));
    },
    orderCancelled(order) {
      const payload = orderPayload(source(), order);
      sender.send("orders/cancelled", payload);
      sender.send("orders/updated", payload);
    },
    orderFulfilled(order) {
      const payload = orderPayload(source(), order);
      sender.send("orders/fulfilled", payload);
      sender.send("orders/updated", payload);
    },
    orderEdited(order, edit) {
      // Shopify's order_edit payload, abridged: what one edit added and removed (the app does not subscribe to it yet).
      sender.send("orders/edited", {
        order_edit: {
          id: edit.id,
          app_id: null,
          created_at: shopTime(edit.createdAt, store.state.shop.ianaTimezone),
          committed_at: shopTime(edit.createdAt, store.state.shop.ianaTimezone),
          notify_customer: false,
          order_id: order.id,
          staff_note: "",
          user_id: null,
          line_items: { additions: edit.addedLineItems.map((l) => ({ id: l.lineItemId, delta: l.quantity })), removals: [] },
          discounts: { line_item: { additions: [], removals: [] } },
          shipping_lines: { additions: [], removals: [] },
        },
      });
      sender.send("orders/updated", orderPayload(source(), order));
    },
    customerCreated(customer) {
      sender.send("customers/create", customerPayload(source(), customer));
    },
    customerUpdated(customer) {
      sender.send("customers/update", customerPayload(source(), customer));
    },
    productUpdated(product) {
      sender.send("products/update", productPayload(source(), product));
    },
    idle: () => sender.idle(),
  };
}
