import { syncOrderAttribution } from "../cross-sell/analytics.server";
import { syncOrderCoPurchases } from "../cross-sell/co-purchase.server";
import type { Database } from "../db.server";
import { rescoreOrderCustomer } from "../insights/scores.server";
import { syncOrderFlows } from "../flows/flows.server";
import { payloadFulfilled, syncOrderLoyalty } from "../loyalty/ledger.server";
import { orderDiscountCodes } from "../loyalty/redemption";
import { markRedemptionCodesUsed } from "../loyalty/redemption.server";
import { evaluateOrderCustomerTier } from "../loyalty/tiers.server";
import { awardFirstOrder, awardSignup } from "../loyalty/actions.server";
import { syncOrderReferral, syncReferralReversal } from "../loyalty/referrals.server";
import { exportCustomerData, redactCustomer, redactShop } from "../privacy/privacy.server";
import { deleteCustomer, upsertCustomer } from "../shop-data/customers.server";
import { orderCurrency, recordRefund, upsertOrder } from "../shop-data/orders.server";
import { markProductDeleted, upsertProduct } from "../shop-data/products.server";
import { markUninstalled, updateGrantedScopes } from "../shops/installation.server";
import {
  parseCustomerPayload,
  parseCustomerPrivacyPayload,
  parseDeletedId,
  parseOrderCustomer,
  parseOrderPayload,
  parseProductPayload,
  parseRefundOrderId,
  parseRefundPayload,
  parseScopesUpdatePayload,
} from "../shopify/webhook-payloads";

type TopicHandler = (db: Database, shop: string, payload: unknown, receivedAt: Date) => Promise<unknown>;

async function applyOrder(db: Database, shop: string, payload: unknown) {
  const customer = parseOrderCustomer(payload);
  if (customer) await upsertCustomer(db, shop, customer);
  const order = parseOrderPayload(payload);
  await upsertOrder(db, shop, order);
  await orderChanged(db, shop, order.id, payloadFulfilled(payload));
  await markRedemptionCodesUsed(db, shop, orderDiscountCodes(payload));
  await syncOrderReferral(db, shop, order.id, payload);
}

/** Every capability that follows a stored order catches up with it (each is idempotent). */
async function orderChanged(db: Database, shop: string, orderId: string, fulfilled?: boolean) {
  await syncOrderCoPurchases(db, shop, orderId);
  await syncOrderAttribution(db, shop, orderId);
  await syncOrderLoyalty(db, shop, orderId, { fulfilled });
  await syncReferralReversal(db, shop, orderId);
  await evaluateOrderCustomerTier(db, shop, orderId);
  await awardFirstOrder(db, shop, orderId);
  await rescoreOrderCustomer(db, shop, orderId);
  await syncOrderFlows(db, shop, orderId, fulfilled);
}

/**
 * What each webhook topic does. The topics here are exactly those subscribed in shopify.app.toml
 * (a test keeps the two in step). Capability modules add their reactions here, after the shop
 * data they read is stored.
 */
export const topicHandlers: Record<string, TopicHandler> = {
  ORDERS_CREATE: (db, shop, payload) => applyOrder(db, shop, payload),
  ORDERS_UPDATED: (db, shop, payload) => applyOrder(db, shop, payload),
  ORDERS_PAID: (db, shop, payload) => applyOrder(db, shop, payload),
  ORDERS_FULFILLED: (db, shop, payload) => applyOrder(db, shop, payload),
  ORDERS_CANCELLED: (db, shop, payload) => applyOrder(db, shop, payload),
  REFUNDS_CREATE: async (db, shop, payload) => {
    const orderId = parseRefundOrderId(payload);
    await recordRefund(db, shop, parseRefundPayload(payload, await orderCurrency(db, shop, orderId)));
    await orderChanged(db, shop, orderId);
  },
  CUSTOMERS_CREATE: async (db, shop, payload) => {
    const customer = parseCustomerPayload(payload);
    await upsertCustomer(db, shop, customer);
    await awardSignup(db, shop, customer.id);
  },
  CUSTOMERS_UPDATE: (db, shop, payload) => upsertCustomer(db, shop, parseCustomerPayload(payload)),
  CUSTOMERS_DELETE: (db, shop, payload) => deleteCustomer(db, shop, parseDeletedId(payload)),
  PRODUCTS_CREATE: (db, shop, payload) => upsertProduct(db, shop, parseProductPayload(payload)),
  PRODUCTS_UPDATE: (db, shop, payload) => upsertProduct(db, shop, parseProductPayload(payload)),
  PRODUCTS_DELETE: (db, shop, payload, receivedAt) => markProductDeleted(db, shop, parseDeletedId(payload), receivedAt),
  APP_UNINSTALLED: (db, shop, _payload, receivedAt) => markUninstalled(db, shop, receivedAt),
  APP_SCOPES_UPDATE: (db, shop, payload) => updateGrantedScopes(db, shop, parseScopesUpdatePayload(payload)),
  CUSTOMERS_DATA_REQUEST: (db, shop, payload, receivedAt) =>
    exportCustomerData(db, shop, parseCustomerPrivacyPayload(payload).customerId, receivedAt),
  CUSTOMERS_REDACT: (db, shop, payload) => {
    const { customerId, email, phone } = parseCustomerPrivacyPayload(payload);
    return redactCustomer(db, shop, customerId, { email, phone });
  },
  SHOP_REDACT: (db, shop) => redactShop(db, shop),
};

/** Runs one recorded delivery (in a job). Idempotent: a processed delivery is not run again. */
export async function processWebhookDelivery(db: Database, deliveryId: string): Promise<void> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status === "processed" || delivery.status === "ignored") return;
  const handler = topicHandlers[delivery.topic];
  await db.webhookDelivery.update({ where: { id: deliveryId }, data: { attempts: { increment: 1 } } });
  if (!handler) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "ignored", processedAt: new Date(), lastError: `No handler for topic ${delivery.topic}` },
    });
    return;
  }
  try {
    await handler(db, delivery.shop, JSON.parse(delivery.payload), delivery.receivedAt);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.webhookDelivery.updateMany({ where: { id: deliveryId }, data: { lastError: message.slice(0, 2000) } });
    throw error; // the job retries with back-off
  }
  await db.webhookDelivery.updateMany({
    where: { id: deliveryId },
    data: { status: "processed", processedAt: new Date(), lastError: null },
  });
}
