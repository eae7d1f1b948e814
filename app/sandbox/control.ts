import type { SandboxContext, SandboxHandler } from "./sandbox-context";
import type { SandboxOrder, SandboxRefund } from "./store/types";

/**
 * The sandbox's own controls: what a merchant would do in Shopify's admin (refund, cancel,
 * fulfil an order) and a health check. Each change fires the webhooks Shopify would send.
 */
export const controlHandler: SandboxHandler = async (request, context) => {
  const url = new URL(request.url);
  if (url.pathname === "/sandbox/health") return Response.json({ ok: true, shop: context.config.shopDomain });

  const match = /^\/sandbox\/orders\/(\d+)\/(refund|cancel|fulfill)$/.exec(url.pathname);
  if (!match) return null;
  if (request.method !== "POST") return new Response("POST only", { status: 405, headers: { Allow: "POST" } });
  const order = context.store.order(Number(match[1]));
  if (!order) return Response.json({ error: `No order ${match[1]} in the sandbox store` }, { status: 404 });
  const action = match[2];
  const result =
    action === "refund" ? refundOrder(context, order) : action === "cancel" ? cancelOrder(context, order) : fulfillOrder(context, order);
  if ("error" in result) return Response.json(result, { status: 422 });
  return Response.json({ order: { id: order.id, name: order.name, financialStatus: order.financialStatus, cancelledAt: order.cancelledAt } });
};

function refundOrder(context: SandboxContext, order: SandboxOrder): { error: string } | { refund: SandboxRefund } {
  if (order.financialStatus === "REFUNDED" || order.financialStatus === "VOIDED") return { error: `${order.name} is already ${order.financialStatus.toLowerCase()}` };
  const { store } = context;
  const now = new Date().toISOString();
  const refund: SandboxRefund = {
    id: store.nextId(),
    createdAt: now,
    note: "Refunded in the sandbox",
    refundLineItems: order.lineItems.map((line) => ({
      lineItemId: line.id,
      quantity: line.quantity,
      subtotalCents: line.priceCents * line.quantity - line.discountCents,
    })),
    shippingRefundCents: order.shippingCents,
  };
  order.refunds.push(refund);
  order.financialStatus = "REFUNDED";
  order.updatedAt = now;
  store.changed();
  context.events.orderRefunded(order, refund);
  return { refund };
}

function cancelOrder(context: SandboxContext, order: SandboxOrder): { error: string } | { ok: true } {
  if (order.cancelledAt) return { error: `${order.name} is already cancelled` };
  const now = new Date().toISOString();
  order.cancelledAt = now;
  order.cancelReason = "CUSTOMER";
  order.updatedAt = now;
  if (order.financialStatus === "PAID") {
    const refunded = refundOrder(context, order);
    if ("error" in refunded) return refunded;
  }
  context.store.changed();
  context.events.orderCancelled(order);
  return { ok: true };
}

function fulfillOrder(context: SandboxContext, order: SandboxOrder): { error: string } | { ok: true } {
  if (order.fulfillmentStatus === "FULFILLED") return { error: `${order.name} is already fulfilled` };
  const now = new Date().toISOString();
  order.fulfillmentStatus = "FULFILLED";
  order.fulfilledAt = now;
  order.updatedAt = now;
  context.store.changed();
  context.events.orderFulfilled(order);
  return { ok: true };
}
