import { storefrontRecommendations } from "../cross-sell/storefront-recommendations.server";
import type { Database } from "../db.server";
import { env } from "../env.server";
import { adminMutation, adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { CUSTOMER_TAGS_ADD_MUTATION, CUSTOMER_TAGS_REMOVE_MUTATION } from "../shopify/graphql/CustomerTags";
import { createSingleUseCode } from "../shopify/discount-codes.server";
import { CUSTOMER_MARKETING_CONSENT_QUERY, type CustomerMarketingConsentQuery } from "../shopify/graphql/CustomerMarketingConsent";
import { sendViaSmtp, smtpNotAccepted } from "./mailer.server";
import type { StepEffects } from "./scheduler.server";

/** The scheduler's effects in the app: Shopify through the shop's offline session, SMTP from SMTP_URL. */
export function appStepEffects(db: Database, shop: string, admin: AdminGraphql, smtpUrl: string): StepEffects {
  return {
    appUrl: env.SHOPIFY_APP_URL.replace(/\/$/, ""),
    secret: env.SHOPIFY_API_SECRET,
    sendEmail: (message) => sendViaSmtp(smtpUrl, env.SMTP_FROM, message),
    notAccepted: smtpNotAccepted,
    createCode: (request) => createSingleUseCode(admin, request),
    marketingState: async (customerId) => {
      const data = await adminQuery<CustomerMarketingConsentQuery>(admin, "CustomerMarketingConsent", CUSTOMER_MARKETING_CONSENT_QUERY, {
        id: `gid://shopify/Customer/${customerId}`,
      });
      return data.customer?.defaultEmailAddress?.marketingState ?? null;
    },
    recommendations: (orderId, limit) => orderRecommendations(db, shop, orderId, limit),
    tagCustomer: async (customerId, tag, mode) => {
      const variables = { id: `gid://shopify/Customer/${customerId}`, tags: [tag] };
      if (mode === "add") await adminMutation(admin, "CustomerTagsAdd", CUSTOMER_TAGS_ADD_MUTATION, variables, "tagsAdd");
      else await adminMutation(admin, "CustomerTagsRemove", CUSTOMER_TAGS_REMOVE_MUTATION, variables, "tagsRemove");
    },
  };
}

/**
 * What goes with an order: the cross-sell engine's recommendations for each product bought (pins,
 * bought together, the merchant's fallbacks), merged in order, without what was bought.
 */
export async function orderRecommendations(db: Database, shop: string, orderId: string, limit: number) {
  const lines = await db.orderLine.findMany({ where: { shop, orderId }, select: { productId: true }, orderBy: { id: "asc" } });
  const bought = [...new Set(lines.map((line) => line.productId).filter((id): id is string => !!id))];
  const picked: string[] = [];
  for (const productId of bought) {
    if (picked.length >= limit) break;
    const suggestions = await storefrontRecommendations(db, shop, productId, limit, { excludeProductIds: [...bought, ...picked] });
    for (const suggestion of suggestions) if (picked.length < limit && !picked.includes(suggestion.productId)) picked.push(suggestion.productId);
  }
  const products = await db.product.findMany({ where: { shop, id: { in: picked }, deletedAt: null }, select: { id: true, title: true, handle: true } });
  const byId = new Map(products.map((product) => [product.id, product]));
  return picked.flatMap((id) => {
    const product = byId.get(id);
    return product ? [{ title: product.title, url: `https://${shop}/products/${product.handle}` }] : [];
  });
}
