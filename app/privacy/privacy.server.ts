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
export async function redactCustomer(db: Database, shop: string, customerId: string, known: { email?: string | null; phone?: string | null } = {}): Promise<void> {
  const stored = await db.customer.findUnique({ where: { shop_id: { shop, id: customerId } }, select: { email: true, phone: true } });
  const pseudonym = pseudonymousCustomerId(shop, customerId);
  await db.$transaction([
    db.order.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym, email: null } }),
    db.customerDataExport.deleteMany({ where: { shop, customerId } }),
    // Flow runs and their message log (addresses, codes) go; an unsubscribe stays as a suppression.
    db.flowStepRun.deleteMany({ where: { shop, customerId } }),
    db.flowRun.deleteMany({ where: { shop, customerId } }),
    // Their clicks and feedback (scores, free-text comments) go with the messages.
    db.flowMessageClick.deleteMany({ where: { shop, customerId } }),
    db.flowFeedback.deleteMany({ where: { shop, customerId } }),
    // Loyalty entries and balance stay (the points liability), under the same pseudonym as the orders.
    db.loyaltyEntry.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyBalance.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyRedemption.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyMemberTier.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyTierChange.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyExpiryReminder.deleteMany({ where: { shop, customerId } }),
    // The order's thank-you code stays with the anonymous order, like the order itself.
    db.thankYouOrder.updateMany({ where: { shop, customerId }, data: { customerId: pseudonym } }),
    db.loyaltyShopifySync.deleteMany({ where: { shop, customerId } }),
    // Referrals stay as history under the pseudonym (as advocate or friend); addresses go.
    db.loyaltyReferral.updateMany({ where: { shop, advocateId: customerId }, data: { advocateId: pseudonym } }),
    db.loyaltyReferral.updateMany({ where: { shop, friendCustomerId: customerId }, data: { friendCustomerId: pseudonym, friendEmail: null } }),
    db.loyaltyAddressKey.deleteMany({ where: { shop, customerId } }),
    // The score follows the orders to the pseudonym at the next recompute.
    db.customerScore.deleteMany({ where: { shop, customerId } }),
    db.segmentTagMember.deleteMany({ where: { shop, customerId } }),
    db.customer.upsert({
      where: { shop_id: { shop, id: customerId } },
      // The row stays as a tombstone (no personal data) so a late webhook cannot re-fill it.
      create: { shop, id: customerId, redactedAt: new Date() },
      update: { email: null, firstName: null, lastName: null, phone: null, tags: "", emailMarketingState: null, redactedAt: new Date() },
    }),
  ]);
  await scrubCustomerFromDeliveries(db, shop, customerId, [stored?.email, stored?.phone, known.email, known.phone]);
}

/**
 * Webhook deliveries keep their payloads (a failed one is retried from it), and those carry the
 * customer's email, names and addresses. Every delivery of the shop that concerns the customer is
 * rewritten without them; the JSON keeps its shape, so a delivery still waiting is processed as usual.
 */
async function scrubCustomerFromDeliveries(db: Database, shop: string, customerId: string, identifiers: (string | null | undefined)[]) {
  const needles = [...new Set(identifiers.filter((v): v is string => typeof v === "string" && v.length > 0))].map((v) => JSON.stringify(v).slice(1, -1));
  const idPatterns = [`"id":${customerId}`, `"customer_id":${customerId}`, `"id":"${customerId}"`];
  const candidates = await db.webhookDelivery.findMany({
    where: { shop, OR: [...needles, ...idPatterns].map((text) => ({ payload: { contains: text } })) },
    select: { id: true, payload: true },
  });
  for (const delivery of candidates) {
    let payload: unknown;
    try {
      payload = JSON.parse(delivery.payload);
    } catch {
      continue;
    }
    if (!concernsCustomer(payload, customerId, needles)) continue;
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { payload: JSON.stringify(scrubPersonalData(payload)) } });
  }
}

/** Whether a webhook payload is about the customer (theirs as the customer or the order's buyer). */
export function concernsCustomer(payload: unknown, customerId: string, needles: string[]): boolean {
  if (typeof payload !== "object" || payload === null) return false;
  const record = payload as Record<string, unknown>;
  const customer = record.customer as Record<string, unknown> | null | undefined;
  const idOf = (value: unknown) => (value === null || value === undefined ? null : String(value));
  if (idOf(customer?.id) === customerId || idOf(record.customer_id) === customerId) return true;
  if (record.first_name !== undefined && idOf(record.id) === customerId) return true; // a customer payload
  const text = JSON.stringify(payload);
  return needles.some((needle) => text.includes(needle));
}

// Keys under which Shopify payloads carry personal data (customers, orders, addresses).
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "address1",
  "address2",
  "city",
  "zip",
  "company",
  "latitude",
  "longitude",
  "browser_ip",
  "note",
]);

/** The payload with every personal value emptied; addresses also lose their `name`. */
export function scrubPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubPersonalData);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const isAddress = "address1" in record;
  const scrubbed: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    if (PERSONAL_KEYS.has(key) || (isAddress && key === "name")) scrubbed[key] = null;
    else if (key === "client_details") scrubbed[key] = null;
    else scrubbed[key] = scrubPersonalData(inner);
  }
  return scrubbed;
}

/**
 * shop/redact (48 hours after uninstall): erase everything Encore holds for the shop. Every model
 * with a `shop` column must be listed here (privacy.server.test.ts checks the schema for it).
 */
export async function redactShop(db: Database, shop: string): Promise<void> {
  await db.$transaction([
    db.orderLine.deleteMany({ where: { shop } }),
    db.loyaltyReferral.deleteMany({ where: { shop } }),
    db.loyaltyAddressKey.deleteMany({ where: { shop } }),
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
    db.loyaltyReward.deleteMany({ where: { shop } }),
    db.loyaltyRedemption.deleteMany({ where: { shop } }),
    db.loyaltyTier.deleteMany({ where: { shop } }),
    db.loyaltyMemberTier.deleteMany({ where: { shop } }),
    db.loyaltyTierChange.deleteMany({ where: { shop } }),
    db.loyaltyExpiryReminder.deleteMany({ where: { shop } }),
    db.loyaltyShopifySync.deleteMany({ where: { shop } }),
    db.loyaltyTierDiscount.deleteMany({ where: { shop } }),
    db.customerScore.deleteMany({ where: { shop } }),
    db.customerScoreBoundaries.deleteMany({ where: { shop } }),
    db.insightsSnapshot.deleteMany({ where: { shop } }),
    db.segmentTagSync.deleteMany({ where: { shop } }),
    db.segmentTagMember.deleteMany({ where: { shop } }),
    db.flowMessageClick.deleteMany({ where: { shop } }),
    db.flowFeedback.deleteMany({ where: { shop } }),
    db.flowStepRun.deleteMany({ where: { shop } }),
    db.flowRun.deleteMany({ where: { shop } }),
    db.flow.deleteMany({ where: { shop } }),
    db.emailUnsubscribe.deleteMany({ where: { shop } }),
    db.emailSendWindow.deleteMany({ where: { shop } }),
    db.postPurchaseOffer.deleteMany({ where: { shop } }),
    db.postPurchaseSettings.deleteMany({ where: { shop } }),
    db.replenishmentCycle.deleteMany({ where: { shop } }),
    db.thankYouOrder.deleteMany({ where: { shop } }),
    db.thankYouSettings.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
    // Deliveries carry payloads with personal data; keep none but this one's bookkeeping row.
    db.webhookDelivery.deleteMany({ where: { shop, topic: { not: "SHOP_REDACT" } } }),
  ]);
  forgetCachedSessions(shop);
}
