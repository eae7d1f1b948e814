import type { Database } from "../db.server";
import { metricsReport, type DateRange, type MetricsOptions, type MetricsOrder, type MetricsReport } from "./metrics";
import { scoreCustomers, type CustomerSummary, type RfmScore } from "./rfm";

/**
 * The shop's orders up to `until` in the shape the pure metrics take: net = total minus every
 * refund recorded so far, cancelled = Shopify set cancelledAt. Reads the whole history because
 * cohorts and "customers at a date" need it; the dashboard will read precomputed aggregates.
 */
export async function loadMetricsOrders(db: Database, shop: string, until: Date): Promise<MetricsOrder[]> {
  const rows = await db.order.findMany({
    where: { shop, processedAt: { lt: until } },
    select: { customerId: true, processedAt: true, totalCents: true, cancelledAt: true, refunds: { select: { amountCents: true } } },
  });
  return rows.map((row) => ({
    customerId: row.customerId,
    processedAt: row.processedAt,
    netCents: row.totalCents - row.refunds.reduce((sum, refund) => sum + refund.amountCents, 0),
    cancelled: row.cancelledAt !== null,
  }));
}

export async function shopMetrics(db: Database, shop: string, range: DateRange, options: MetricsOptions = {}): Promise<MetricsReport> {
  return metricsReport(await loadMetricsOrders(db, shop, range.to), range, options);
}

/** One summary per customer from the counted orders (not cancelled, with a customer). */
export function customerSummaries(orders: MetricsOrder[]): CustomerSummary[] {
  const byCustomer = new Map<string, CustomerSummary>();
  for (const order of orders) {
    if (order.cancelled || order.customerId === null) continue;
    const known = byCustomer.get(order.customerId);
    if (!known) {
      byCustomer.set(order.customerId, {
        customerId: order.customerId,
        firstOrderAt: order.processedAt,
        lastOrderAt: order.processedAt,
        orderCount: 1,
        netCents: order.netCents,
      });
      continue;
    }
    if (order.processedAt < known.firstOrderAt) known.firstOrderAt = order.processedAt;
    if (order.processedAt > known.lastOrderAt) known.lastOrderAt = order.processedAt;
    known.orderCount++;
    known.netCents += order.netCents;
  }
  return [...byCustomer.values()];
}

export async function shopRfm(db: Database, shop: string, asOf: Date): Promise<RfmScore[]> {
  return scoreCustomers(customerSummaries(await loadMetricsOrders(db, shop, asOf)), asOf);
}
