import { createHash } from "node:crypto";
import type { Database } from "../db.server";
import { forgetCachedSessions } from "../shopify/cached-session-storage.server";

/**
 * Shopify's mandatory privacy webhooks, doing their real job. Every new table that holds personal
 * data must be covered here (tests/integration/privacy.test.ts checks the current ones).
 */

/** customers/data_request: everything Encore holds on the customer, stored for the merchant to send on. */
export async function exportCustomerData(db: Database, shop: string, customerId: string, requestedAt: Date) {
  const [customer, orders, loyaltyBalance, loyaltyEntries] = await Promise.all([
    db.customer.findUnique({ where: { shop_id: { shop, id: customerId } } }),
    db.order.findMany({
      where: { shop, customerId },
      include: { lines: true, refunds: true },
      orderBy: { processedAt: "asc" },
    }),
    db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } } }),
    db.loyaltyEntry.findMany({ where: { shop, customerId }, orderBy: { createdAt: "asc" } }),
  ]);
  const payload = {
    shop,
    customerId,
    generatedAt: new Date().toISOString(),
    customer,
    orders: orders.map(({ lines, refunds, ...order }) => ({
      ...order,
      lines: lines.map((line) => ({ ...line, properties: JSON.parse(line.properties) as unknown })),
      refunds: refunds.map((refund) => ({ ...refund, lines: JSON.parse(refund.lines) as unknown })),
    })),
    loyalty: { balance: loyaltyBalance, entries: loyaltyEntries },
  };
  return db.customerDataExport.create({
    data: { shop, customerId, requestedAt, payload: JSON.stringify(payload, null, 2) },
  });
}

/** A stable stand-in for an erased customer id, so repeat-purchase statistics survive erasure. */
export function pseudonymousCustomerId(shop: string, customerId: string): string {
  return `redacted-${createHash("sha256").update(`${shop}:${customerId}`).digest("hex").slice(0, 16)}`;
}

/** customers/redact: erase the customer's personal data; their orders stay as anonymous history. */
export async function redactCustomer(db: Database, shop: string, customerId: string): Promise<void> {
  const pseudonym = pseudonymousCustomerId(shop, customerId);
  await db.$transaction([
    db.order.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym, email: null } }),
    db.customerDataExport.deleteMany({ where: { shop, customerId } }),
    // Loyalty entries and balance stay (the points liability), under the same pseudonym as the orders.
    db.loyaltyEntry.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyBalance.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.customer.upsert({
      where: { shop_id: { shop, id: customerId } },
      // The row stays as a tombstone (no personal data) so a late webhook cannot re-fill it.
      create: { shop, id: customerId, redactedAt: new Date() },
      update: { email: null, firstName: null, lastName: null, phone: null, tags: "", emailMarketingState: null, redactedAt: new Date() },
    }),
  ]);
}

/**
 * shop/redact (48 hours after uninstall): erase everything Encore holds for the shop. Every model
 * with a `shop` column must be listed here (privacy.server.test.ts checks the schema for it).
 */
export async function redactShop(db: Database, shop: string): Promise<void> {
  await db.$transaction([
    db.orderLine.deleteMany({ where: { shop } }),
    db.orderRefund.deleteMany({ where: { shop } }),
    db.order.deleteMany({ where: { shop } }),
    db.customer.deleteMany({ where: { shop } }),
    db.product.deleteMany({ where: { shop } }),
    db.customerDataExport.deleteMany({ where: { shop } }),
    db.coPurchaseBasket.deleteMany({ where: { shop } }),
    db.coPurchaseTotal.deleteMany({ where: { shop } }),
    db.productBasketCount.deleteMany({ where: { shop } }),
    db.productPairCount.deleteMany({ where: { shop } }),
    db.productComplements.deleteMany({ where: { shop } }),
    db.historyImport.deleteMany({ where: { shop } }),
    db.crossSellEventDaily.deleteMany({ where: { shop } }),
    db.crossSellVisitorDay.deleteMany({ where: { shop } }),
    db.crossSellOrderAttribution.deleteMany({ where: { shop } }),
    db.crossSellAttributedLine.deleteMany({ where: { shop } }),
    db.collectionMembership.deleteMany({ where: { shop } }),
    db.shopCollection.deleteMany({ where: { shop } }),
    db.collectionSync.deleteMany({ where: { shop } }),
    db.crossSellRule.deleteMany({ where: { shop } }),
    db.crossSellSettings.deleteMany({ where: { shop } }),
    db.bundleDiscount.deleteMany({ where: { shop } }),
    db.loyaltyEntry.deleteMany({ where: { shop } }),
    db.loyaltyBalance.deleteMany({ where: { shop } }),
    db.loyaltyProgram.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
    // Deliveries carry payloads with personal data; keep none but this one's bookkeeping row.
    db.webhookDelivery.deleteMany({ where: { shop, topic: { not: "SHOP_REDACT" } } }),
  ]);
  forgetCachedSessions(shop);
}
