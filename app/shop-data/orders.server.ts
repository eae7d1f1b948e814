import type { Database } from "../db.server";
import { pseudonymousCustomerId } from "../privacy/privacy.server";
import type { OrderRecord, RefundRecord } from "../shopify/webhook-payloads";

/**
 * Applies an order as Shopify last described it. Deliveries can arrive late and out of order, so
 * an order older than the one stored (by Shopify's updated_at) is ignored. Returns whether it applied.
 */
export async function upsertOrder(db: Database, shop: string, order: OrderRecord): Promise<boolean> {
  return (await upsertOrders(db, shop, [order])) === 1;
}

/**
 * upsertOrder for many orders in one transaction and a handful of queries (the history import
 * stores thousands). A concurrent insert of one of them fails the batch, which the job retries.
 * Returns how many orders were applied.
 */
export async function upsertOrders(db: Database, shop: string, orders: OrderRecord[]): Promise<number> {
  if (orders.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const ids = orders.map((order) => order.id);
    const stored = new Map(
      (await tx.order.findMany({ where: { shop, id: { in: ids } }, select: { id: true, shopifyUpdatedAt: true } })).map((row) => [
        row.id,
        row.shopifyUpdatedAt,
      ]),
    );
    const newest = new Map<string, OrderRecord>(); // the same order twice in a batch: keep the newest
    for (const order of orders) {
      const known = stored.get(order.id);
      if (known && known > order.updatedAt) continue;
      const seen = newest.get(order.id);
      if (!seen || seen.updatedAt <= order.updatedAt) newest.set(order.id, order);
    }
    const applying = [...newest.values()];
    if (applying.length === 0) return 0;

    // A customer erased on request stays erased, even when Shopify re-sends their old orders.
    const customerIds = [...new Set(applying.map((order) => order.customerId).filter((id): id is string => id !== null))];
    const redacted = new Set(
      (await tx.customer.findMany({ where: { shop, id: { in: customerIds }, redactedAt: { not: null } }, select: { id: true } })).map((c) => c.id),
    );
    const fieldsOf = (order: OrderRecord) => {
      const erased = order.customerId !== null && redacted.has(order.customerId);
      return {
        name: order.name,
        customerId: erased && order.customerId ? pseudonymousCustomerId(shop, order.customerId) : order.customerId,
        email: erased ? null : order.email,
        currencyCode: order.currencyCode,
        subtotalCents: order.subtotalCents,
        totalCents: order.totalCents,
        financialStatus: order.financialStatus,
        processedAt: order.processedAt,
        cancelledAt: order.cancelledAt,
        shopifyUpdatedAt: order.updatedAt,
        attributes: JSON.stringify(order.attributes),
      };
    };
    const fresh = applying.filter((order) => !stored.has(order.id));
    if (fresh.length) await tx.order.createMany({ data: fresh.map((order) => ({ shop, id: order.id, ...fieldsOf(order) })) });
    const applied = [...fresh];
    for (const order of applying) {
      if (!stored.has(order.id)) continue;
      // Conditional, not read-then-write: on PostgreSQL a concurrent delivery of a newer version
      // may have committed since the read above; the row lock makes this condition see it.
      const { count } = await tx.order.updateMany({ where: { shop, id: order.id, OR: newerThanStored(order) }, data: fieldsOf(order) });
      if (count === 1) applied.push(order);
    }
    if (applied.length === 0) return 0;
    await tx.orderLine.deleteMany({ where: { shop, orderId: { in: applied.map((order) => order.id) } } });
    await tx.orderLine.createMany({
      data: applied.flatMap((order) =>
        order.lines.map((line) => ({
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
      ),
    });
    for (const order of applied) for (const refund of order.refunds) await insertRefund(tx, shop, refund);
    return applied.length;
  });
}

// Shopify's updated_at has whole seconds: two changes within one second (a refund and the
// cancellation it came with) carry the same time. Then the state further along wins: cancelled
// over not cancelled, refunded over partly refunded over paid.
const FINANCIAL_PROGRESS = ["pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided"];

/** Where-conditions under which `order` may replace the stored row (see FINANCIAL_PROGRESS). */
export function newerThanStored(order: Pick<OrderRecord, "updatedAt" | "cancelledAt" | "financialStatus">) {
  const rank = FINANCIAL_PROGRESS.indexOf(order.financialStatus ?? "");
  const notFurtherAlong = rank < 0 ? [] : [{ financialStatus: null }, { financialStatus: { notIn: FINANCIAL_PROGRESS.slice(rank + 1) } }];
  return [
    { shopifyUpdatedAt: { lt: order.updatedAt } },
    {
      shopifyUpdatedAt: order.updatedAt,
      ...(order.cancelledAt ? {} : { cancelledAt: null }),
      ...(notFurtherAlong.length ? { AND: [{ OR: notFurtherAlong }] } : {}),
    },
  ];
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
