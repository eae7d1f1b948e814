import type { Database } from "../db.server";
import { isUniqueViolation, type StoredFlow } from "./flows.server";
import { nextRunAt } from "./planner";
import {
  gatherEvidence,
  planReplenishment,
  productCycle,
  replenishmentTriggerPrefix,
  type LinePurchase,
  type OrderPurchase,
  type ProductCycle,
  type ShopFit,
} from "./replenishment";

/**
 * Replenishment reminders on the database: the shop's product cycles (recomputed by the
 * refreshReplenishmentCycles task, as the dashboard's figures are) and, when an order is stored,
 * the customer's reminder for each product in it. See docs/decisions/014-replenishment.md.
 */

const PAID = new Set(["paid", "partially_refunded"]);
/** Cycles are learned from the last two years of orders (older habits say little, and it bounds the read). */
const HISTORY_DAYS = 730;
const counts = (order: { financialStatus: string | null; cancelledAt: Date | null }) => !order.cancelledAt && PAID.has((order.financialStatus ?? "").toLowerCase());

/**
 * Learns every product's use cycle from the shop's paid orders (the last HISTORY_DAYS) and replaces the stored ones
 * (products without one lose their row: no reminder). Idempotent.
 */
export async function refreshReplenishmentCycles(db: Database, shop: string, now = new Date()): Promise<number> {
  const [lines, products] = await Promise.all([
    db.orderLine.findMany({
      where: {
        shop,
        productId: { not: null },
        quantity: { gt: 0 },
        order: { customerId: { not: null }, cancelledAt: null, processedAt: { gte: new Date(now.getTime() - HISTORY_DAYS * 86_400_000) } },
      },
      select: { productId: true, quantity: true, order: { select: { customerId: true, processedAt: true, financialStatus: true, cancelledAt: true } } },
    }),
    db.product.findMany({ where: { shop }, select: { id: true, productType: true } }),
  ]);
  const types = new Map(products.map((product) => [product.id, product.productType.trim() || null]));
  const purchases: LinePurchase[] = lines
    .filter((line) => counts(line.order))
    .map((line) => ({ customerId: line.order.customerId!, productId: line.productId!, at: line.order.processedAt, quantity: line.quantity }));
  const evidence = gatherEvidence(purchases, (productId) => types.get(productId) ?? null);
  const rows = [];
  for (const [productId, productEvidence] of evidence) {
    const cycle = productCycle(productEvidence);
    if (!cycle) continue;
    rows.push({
      shop,
      productId,
      daysPerUnit: cycle.daysPerUnit,
      typicalQuantity: cycle.typicalQuantity,
      source: cycle.source,
      observations: cycle.observations,
      fit: JSON.stringify(cycle.fit),
      computedAt: now,
    });
  }
  await db.$transaction([db.replenishmentCycle.deleteMany({ where: { shop } }), db.replenishmentCycle.createMany({ data: rows })]);
  return rows.length;
}

export async function storedCycle(db: Database, shop: string, productId: string): Promise<ProductCycle | null> {
  const row = await db.replenishmentCycle.findUnique({ where: { shop_productId: { shop, productId } } });
  if (!row) return null;
  return {
    daysPerUnit: row.daysPerUnit,
    typicalQuantity: row.typicalQuantity,
    source: row.source === "type" ? "type" : "product",
    observations: row.observations,
    fit: JSON.parse(row.fit) as ShopFit,
  };
}

/**
 * An order was stored or changed: for each product in it, the customer's reminder follows their
 * latest purchase of that product (planReplenishment). The new run is created first (unique per
 * product and order: a replayed webhook creates nothing), then the runs of earlier purchases are
 * cancelled with a conditional update (only while active; the claim is dropped, so a scheduler
 * holding one can no longer move it on). The plan is read again before cancelling, so of two
 * orders processed at once the later one's reminder is the one left.
 */
export async function planOrderReplenishment(db: Database, shop: string, flow: StoredFlow, order: { id: string; customerId: string }): Promise<number> {
  const lines = await db.orderLine.findMany({ where: { shop, orderId: order.id, productId: { not: null } }, select: { productId: true } });
  let scheduled = 0;
  for (const productId of new Set(lines.map((line) => line.productId!))) {
    const cycle = await storedCycle(db, shop, productId);
    const plan = async () => {
      const [bought, runs] = await Promise.all([
        db.orderLine.findMany({
          where: { shop, productId, order: { customerId: order.customerId } },
          select: { orderId: true, quantity: true, order: { select: { processedAt: true, financialStatus: true, cancelledAt: true } } },
        }),
        db.flowRun.findMany({
          where: { shop, flowId: flow.id, customerId: order.customerId, status: "active", triggerKey: { startsWith: replenishmentTriggerPrefix(productId) } },
          select: { id: true, orderId: true },
        }),
      ]);
      const purchases: OrderPurchase[] = bought.filter((line) => counts(line.order)).map((line) => ({ orderId: line.orderId, at: line.order.processedAt, quantity: line.quantity }));
      return planReplenishment(productId, purchases, cycle, runs);
    };
    const { schedule } = await plan();
    if (schedule && schedule.orderId === order.id) {
      const position = { stepIndex: 0, enteredAt: schedule.runOutAt };
      try {
        await db.flowRun.create({
          data: {
            shop,
            flowId: flow.id,
            customerId: order.customerId,
            orderId: order.id,
            triggerKey: schedule.triggerKey,
            enteredAt: schedule.runOutAt,
            nextRunAt: nextRunAt(position, flow),
          },
        });
        scheduled++;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // already planned from this order
      }
    }
    for (const { runId, reason } of (await plan()).cancel) {
      await db.flowRun.updateMany({
        where: { id: runId, shop, status: "active" },
        data: { status: "exited", exitReason: reason, nextRunAt: null, claimedBy: null, claimedUntil: null },
      });
    }
  }
  return scheduled;
}
