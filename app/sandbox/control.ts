import { signUpCustomer } from "./store/sign-up";
import type { SandboxContext, SandboxHandler } from "./sandbox-context";
import type { SandboxOrder, SandboxRefund } from "./store/types";

/**
 * The sandbox's own controls: what a merchant would do in Shopify's admin (refund, cancel,
 * fulfil an order; edit a product; add a customer) and a health check. Each change fires the
 * webhooks Shopify would send.
 */
export const controlHandler: SandboxHandler = async (request, context) => {
  const url = new URL(request.url);
  if (url.pathname === "/sandbox/health") return Response.json({ ok: true, shop: context.config.shopDomain });
  if (url.pathname === "/sandbox/webhooks") return Response.json({ deliveries: context.webhooks.deliveries() });
  if (url.pathname === "/sandbox/customers" && request.method === "POST") return createCustomer(context, await readJson(request));
  const productMatch = /^\/sandbox\/products\/(\d+)$/.exec(url.pathname);
  if (productMatch && request.method === "POST") return updateProduct(context, Number(productMatch[1]), await readJson(request));

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

async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body = (await request.json()) as unknown;
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const badRequest = (error: string) => Response.json({ error }, { status: 400 });

/** Like editing a product in Shopify's admin: title, status, or the first variant's price and stock. */
function updateProduct(context: SandboxContext, id: number, body: Record<string, unknown> | null): Response {
  const product = context.store.product(id);
  if (!product) return Response.json({ error: `No product ${id} in the sandbox store` }, { status: 404 });
  if (!body) return badRequest("Send a JSON object, e.g. {\"title\": \"New title\", \"priceCents\": 1295}");
  const { title, status, priceCents, inventoryQuantity } = body;
  if (title !== undefined && (typeof title !== "string" || !title.trim())) return badRequest("title must be a non-empty string");
  if (status !== undefined && status !== "ACTIVE" && status !== "DRAFT" && status !== "ARCHIVED") return badRequest("status must be ACTIVE, DRAFT or ARCHIVED");
  if (priceCents !== undefined && (!Number.isInteger(priceCents) || (priceCents as number) < 0)) return badRequest("priceCents must be a whole number of cents, 0 or more");
  if (inventoryQuantity !== undefined && !Number.isInteger(inventoryQuantity)) return badRequest("inventoryQuantity must be a whole number");
  if (typeof title === "string") product.title = title.trim();
  if (status !== undefined) product.status = status;
  if (typeof priceCents === "number") product.variants[0].priceCents = priceCents;
  if (typeof inventoryQuantity === "number") product.variants[0].inventoryQuantity = inventoryQuantity;
  product.updatedAt = new Date().toISOString();
  context.store.changed();
  context.events.productUpdated(product);
  return Response.json({ product: { id: product.id, title: product.title, status: product.status } });
}

/** Like a customer signing up (acceptsMarketing: true = ticked "email me news and offers"): customers/create. */
function createCustomer(context: SandboxContext, body: Record<string, unknown> | null): Response {
  const result = signUpCustomer(context, {
    email: typeof body?.email === "string" ? body.email : "",
    firstName: typeof body?.firstName === "string" ? body.firstName : undefined,
    lastName: typeof body?.lastName === "string" ? body.lastName : undefined,
    acceptsMarketing: body?.acceptsMarketing === true,
  });
  if (!result.ok) return result.status === 400 ? badRequest(result.message) : Response.json({ error: result.message }, { status: 422 });
  return Response.json({ customer: { id: result.customer.id, email: result.customer.email } }, { status: 201 });
}
