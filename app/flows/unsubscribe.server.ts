import type { Database } from "../db.server";
import { adminMutation, type AdminGraphql, type MutationPayloads } from "../shopify/admin-api.server";
import {
  CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE_MUTATION,
  type CustomerEmailMarketingConsentUpdateMutation,
} from "../shopify/graphql/CustomerEmailMarketingConsentUpdate";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

export type UnsubscribeOutcome = { ok: true; shop: string; customerId: string; shopName: string } | { ok: false; message: string };

/**
 * An unsubscribe link was followed: from this moment the customer gets no marketing email from
 * Encore (the planner checks EmailUnsubscribe before every marketing step). Idempotent: the first
 * unsubscribe is kept, with the flow step whose message carried the link.
 */
export async function unsubscribeWithToken(db: Database, token: string, secret: string): Promise<UnsubscribeOutcome> {
  const claims = verifyUnsubscribeToken(token, secret);
  if (!claims) return { ok: false, message: "This unsubscribe link is not valid. Copy the whole link from the email, or reply to the email and ask to be unsubscribed." };
  const { shop, customerId } = claims;
  await db.emailUnsubscribe.upsert({
    where: { shop_customerId: { shop, customerId } },
    create: { shop, customerId, flowId: claims.flowId ?? null, stepIndex: claims.stepIndex ?? null },
    update: {},
  });
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { name: true } });
  return { ok: true, shop, customerId, shopName: shopRow?.name ?? shop };
}

/**
 * Shopify learns of the unsubscribe too (the customer's email marketing state becomes
 * UNSUBSCRIBED), so the shop's other email tools honour it. Encore has already stopped sending.
 */
export async function pushUnsubscribeToShopify(db: Database, admin: AdminGraphql, shop: string, customerId: string): Promise<void> {
  const unsubscribe = await db.emailUnsubscribe.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { createdAt: true } });
  if (!unsubscribe) return;
  await adminMutation<MutationPayloads<CustomerEmailMarketingConsentUpdateMutation>>(
    admin,
    "CustomerEmailMarketingConsentUpdate",
    CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE_MUTATION,
    {
      input: {
        customerId: `gid://shopify/Customer/${customerId}`,
        emailMarketingConsent: { marketingState: "UNSUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: unsubscribe.createdAt.toISOString() },
      },
    },
    "customerEmailMarketingConsentUpdate",
  );
  await db.customer.updateMany({ where: { shop, id: customerId }, data: { emailMarketingState: "UNSUBSCRIBED" } });
}
