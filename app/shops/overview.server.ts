import type { Database } from "../db.server";

/** What Encore has received from the shop so far: the dashboard's first numbers. */
export async function shopOverview(db: Database, shop: string, now = new Date()) {
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [orders, customers, products, deliveries, failing] = await Promise.all([
    db.order.count({ where: { shop } }),
    db.customer.count({ where: { shop, redactedAt: null } }),
    db.product.count({ where: { shop, deletedAt: null } }),
    db.webhookDelivery.count({ where: { shop, receivedAt: { gte: since } } }),
    db.webhookDelivery.count({ where: { shop, status: "received", lastError: { not: null } } }),
  ]);
  return { counts: { orders, customers, products, deliveriesLast24h: deliveries, deliveriesFailing: failing } };
}

export async function recentDeliveries(db: Database, shop: string, take = 20) {
  return db.webhookDelivery.findMany({
    where: { shop },
    orderBy: { receivedAt: "desc" },
    take,
    select: { id: true, topic: true, status: true, receivedAt: true, processedAt: true, attempts: true, lastError: true },
  });
}
