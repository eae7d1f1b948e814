import type { Database } from "../db.server";
import { pseudonymousCustomerId } from "../privacy/privacy.server";
import type { OrderRecord, RefundRecord } from "../shopify/webhook-payloads";

/**
 * Applies an order as Shopify last described it. Deliveries can arrive late and out of order, so
 * an order older than the one stored (by Shopify's updated_at) is ignored. Returns whether it applied.
 */
export async function upsertOrder(db: Database, shop: string, order: OrderRecord): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const stored = await tx.order.findUnique({ where: { shop_id: { shop, id: order.id } }, select: { shopifyUpdatedAt: true } });
    if (stored && stored.shopifyUpdatedAt > order.updatedAt) return false;
    // A customer erased on request stays erased, even when Shopify re-sends their old orders.
    const redacted =
      order.customerId !== null &&
      (await tx.customer.findFirst({ where: { shop, id: order.customerId, redactedAt: { not: null } }, select: { id: true } })) !== null;
    const fields = {
      name: order.name,
      customerId: redacted && order.customerId ? pseudonymousCustomerId(shop, order.customerId) : order.customerId,
      email: redacted ? null : order.email,
      currencyCode: order.currencyCode,
      subtotalCents: order.subtotalCents,
      totalCents: order.totalCents,
      financialStatus: order.financialStatus,
      processedAt: order.processedAt,
      cancelledAt: order.cancelledAt,
      shopifyUpdatedAt: order.updatedAt,
    };
    await tx.order.upsert({ where: { shop_id: { shop, id: order.id } }, create: { shop, id: order.id, ...fields }, update: fields });
    await tx.orderLine.deleteMany({ where: { shop, orderId: order.id } });
    await tx.orderLine.createMany({
      data: order.lines.map((line) => ({
        shop,
        orderId: order.id,
        id: line.id,
        productId: line.productId,
        variantId: line.variantId,
        title: line.title,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        discountCents: line.discountCents,
        properties: JSON.stringify(line.properties),
      })),
    });
    for (const refund of order.refunds) await insertRefund(tx, shop, refund);
    return true;
  });
}

type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

async function insertRefund(tx: Transaction, shop: string, refund: RefundRecord): Promise<boolean> {
  const existing = await tx.orderRefund.findUnique({ where: { shop_id: { shop, id: refund.id } }, select: { id: true } });
  if (existing) return false;
  await tx.orderRefund.create({
    data: {
      shop,
      id: refund.id,
      orderId: refund.orderId,
      createdAt: refund.createdAt,
      amountCents: refund.amountCents,
      lines: JSON.stringify(refund.lines),
    },
  });
  return true;
}

/**
 * Records a refund once (by its Shopify id). Needs the order to exist: a refund that arrives before
 * its order throws, so the job retries after the order's own webhook has landed.
 */
export async function recordRefund(db: Database, shop: string, refund: RefundRecord): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { shop_id: { shop, id: refund.orderId } }, select: { id: true } });
    if (!order) throw new OrderNotYetKnownError(shop, refund.orderId);
    return insertRefund(tx, shop, refund);
  });
}

export async function orderCurrency(db: Database, shop: string, orderId: string): Promise<string> {
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { currencyCode: true } });
  if (!order) throw new OrderNotYetKnownError(shop, orderId);
  return order.currencyCode;
}

export class OrderNotYetKnownError extends Error {
  constructor(shop: string, orderId: string) {
    super(`Order ${orderId} of ${shop} is not known yet (its refund arrived first); retrying later`);
    this.name = "OrderNotYetKnownError";
  }
}
