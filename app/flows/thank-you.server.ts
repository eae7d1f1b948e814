import { cartRecommendations } from "../cross-sell/cart-recommendations.server";
import type { Database } from "../db.server";
import { eligibleCents, pointsFor, sourceKeys } from "../loyalty/ledger";
import { loyaltyProgram } from "../loyalty/ledger.server";
import { toMinorUnits } from "../money/money";
import { adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { createSingleUseCode, type CreatedCode, type SingleUseCodeInput } from "../shopify/discount-codes.server";
import { PRODUCT_CARDS_QUERY, type ProductCardsQuery } from "../shopify/graphql/ProductCards";
import { THANK_YOU_ORDER_QUERY, type ThankYouOrderQuery } from "../shopify/graphql/ThankYouOrder";
import { numericShopifyId } from "./next-order-code";
import { loadThankYouSettings, thankYouRecord, type ProductCard } from "./next-order-code.server";

/**
 * What the thank-you page block shows for one order (decision 017): the next-order code, up to
 * three complements of what was bought (cross-sell engine), and the order's loyalty points.
 */

export const THANK_YOU_RECOMMENDATIONS = 3;
/** The thank-you page is seen right after checkout: older orders get no new code. */
const CODE_WINDOW_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

export interface ThankYouOrder {
  id: string;
  name: string;
  customerId: string | null;
  processedAt: Date;
  cancelled: boolean;
  currencyCode: string;
  subtotalCents: number;
  totalCents: number;
  productIds: string[];
}

/** Shopify's side of the block (the Admin API in the app; scripted in tests). */
export interface ThankYouShopify {
  order(orderId: string): Promise<ThankYouOrder | null>;
  productCards(productIds: string[]): Promise<ProductCard[]>;
  createCode(input: SingleUseCodeInput): Promise<CreatedCode>;
}

export type ThankYouLoyalty =
  | { kind: "member"; earned: number; availableAt: string; available: number; pending: number; /** The VIP tier's name, null below the first tier. */ tier: string | null }
  | { kind: "guest"; earned: number; joinUrl: string };

export interface ThankYouBlock {
  orderName: string;
  code: { code: string; percent: number; expiresAt: string; applyUrl: string } | null;
  /** True while another request is still making the code (the block may ask again). */
  codePending: boolean;
  recommendations: ProductCard[];
  loyalty: ThankYouLoyalty | null;
}

export type ThankYouOutcome = { ok: true; block: ThankYouBlock } | { ok: false; status: 404; message: string };

export async function thankYouBlock(
  db: Database,
  shopify: ThankYouShopify,
  input: { shop: string; orderId: string; /** The logged-in buyer (session token sub), if any. */ buyerId: string | null; now?: Date },
): Promise<ThankYouOutcome> {
  const { shop, orderId, buyerId } = input;
  const now = input.now ?? new Date();
  const order = await shopify.order(orderId);
  if (!order) return { ok: false, status: 404, message: `Order ${orderId} is not an order of this shop.` };

  const settings = await loadThankYouSettings(db, shop);
  const codeAllowed = !order.cancelled && now.getTime() - order.processedAt.getTime() <= CODE_WINDOW_MS;
  const record = await thankYouRecord(
    db,
    { ...settings, codeEnabled: settings.codeEnabled && codeAllowed },
    { shop, orderId: order.id, orderName: order.name, customerId: order.customerId },
    {
      createCode: (request) => shopify.createCode(request),
      recommendations: async () => {
        const suggestions = await cartRecommendations(db, shop, order.productIds, THANK_YOU_RECOMMENDATIONS);
        return suggestions.length ? shopify.productCards(suggestions.map((s) => s.productId)) : [];
      },
      now: () => now,
    },
  );
  return {
    ok: true,
    block: {
      orderName: order.name,
      code:
        record.status === "issued" && record.code && record.percent !== null && record.expiresAt
          ? { code: record.code, percent: record.percent, expiresAt: record.expiresAt.toISOString(), applyUrl: `/discount/${encodeURIComponent(record.code)}` }
          : null,
      codePending: record.status === "creating",
      recommendations: record.recommendations,
      loyalty: await orderLoyalty(db, shop, order, buyerId),
    },
  };
}

/**
 * The order's points: from its ledger entry once the orders webhook has been handled, else what
 * the program will award (the tier multiplier applies when it is booked). A balance only for the
 * logged-in buyer of this very order: anyone else with the order number learns nothing personal.
 */
async function orderLoyalty(db: Database, shop: string, order: ThankYouOrder, buyerId: string | null): Promise<ThankYouLoyalty | null> {
  const program = await loyaltyProgram(db, shop);
  if (!program.enabled || order.cancelled) return null;
  const entry = await db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: sourceKeys.earn(order.id) } } });
  const earned = entry ? entry.pendingPoints + entry.points : pointsFor(eligibleCents(order, program.earningBasis), program.pointsPerUnit, order.currencyCode);
  if (!order.customerId || buyerId !== order.customerId) return { kind: "guest", earned, joinUrl: "/account/register" };
  const [balance, tier] = await Promise.all([
    db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId: order.customerId } } }),
    db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId: order.customerId } }, select: { tierName: true } }),
  ]);
  const availableAt = entry?.availableAt ?? new Date(order.processedAt.getTime() + program.pendingDays * DAY_MS);
  // Before the webhook is booked the balance does not hold this order's points yet.
  const pending = (balance?.pending ?? 0) + (entry ? 0 : earned);
  return { kind: "member", earned, availableAt: availableAt.toISOString(), available: balance?.available ?? 0, pending, tier: tier?.tierName ?? null };
}

/** The block's Shopify side through the shop's Admin API. */
export function adminThankYouShopify(admin: AdminGraphql): ThankYouShopify {
  return {
    order: async (orderId) => {
      const data = await adminQuery<ThankYouOrderQuery>(admin, "ThankYouOrder", THANK_YOU_ORDER_QUERY, { id: `gid://shopify/Order/${orderId}` });
      const order = data.order;
      if (!order?.subtotalPriceSet) return null;
      const currencyCode = order.subtotalPriceSet.shopMoney.currencyCode;
      const productIds = order.lineItems.nodes.flatMap((line) => (line.product ? [numericShopifyId(line.product.id, "Product")] : [])).filter((id): id is string => !!id);
      return {
        id: orderId,
        name: order.name,
        customerId: order.customer ? numericShopifyId(order.customer.id, "Customer") : null,
        processedAt: new Date(order.processedAt as string),
        cancelled: order.cancelledAt !== null && order.cancelledAt !== undefined,
        currencyCode,
        subtotalCents: toMinorUnits(order.subtotalPriceSet.shopMoney.amount as string, currencyCode),
        totalCents: toMinorUnits(order.totalPriceSet.shopMoney.amount as string, currencyCode),
        productIds: [...new Set(productIds)],
      };
    },
    productCards: async (productIds) => {
      const data = await adminQuery<ProductCardsQuery>(admin, "ProductCards", PRODUCT_CARDS_QUERY, { ids: productIds.map((id) => `gid://shopify/Product/${id}`) });
      return data.nodes.flatMap((node) => {
        if (!node || !("title" in node) || node.status !== "ACTIVE") return [];
        const price = node.priceRangeV2.minVariantPrice;
        return [
          {
            productId: numericShopifyId(node.id, "Product") ?? node.id,
            title: node.title,
            url: `/products/${node.handle}`,
            imageUrl: (node.featuredImage?.url as string | undefined) ?? null,
            imageAlt: node.featuredImage?.altText ?? node.title,
            priceCents: toMinorUnits(price.amount as string, price.currencyCode),
            currencyCode: price.currencyCode,
          },
        ];
      });
    },
    createCode: (request) => createSingleUseCode(admin, request),
  };
}
