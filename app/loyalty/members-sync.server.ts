import type { Database } from "../db.server";
import { AdminApiError, adminMutation, type AdminGraphql, type MutationPayloads } from "../shopify/admin-api.server";
import {
  LOYALTY_METAFIELDS_SET_MUTATION,
  LOYALTY_TAGS_ADD_MUTATION,
  LOYALTY_TAGS_REMOVE_MUTATION,
  type LoyaltyMetafieldsSetMutation,
  type LoyaltyTagsAddMutation,
  type LoyaltyTagsRemoveMutation,
} from "../shopify/graphql/LoyaltyCustomerSync";
import { tierTag } from "./members";

/**
 * Writes members' loyalty figures to Shopify so themes, Shopify Email and customer segments can
 * use them: customer metafields $app:loyalty.points (spendable), .pending and .tier ("none" without
 * a tier), and the tier as a customer tag (loyalty-tier-<name>). A member is written again when
 * their balance row's version moved since the last write (every ledger write bumps it) or their
 * tier changed.
 */

const customerGid = (customerId: string) => `gid://shopify/Customer/${customerId}`;

/** Writes one member; returns false when there is nothing to write (not a Shopify customer id). */
export async function syncMemberToShopify(db: Database, admin: AdminGraphql, shop: string, customerId: string): Promise<boolean> {
  if (!/^\d+$/.test(customerId)) return false; // a redacted member's pseudonym
  const [balance, tier, synced] = await Promise.all([
    db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } } }),
    db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { tierName: true } }),
    db.loyaltyShopifySync.findUnique({ where: { shop_customerId: { shop, customerId } } }),
  ]);
  if (!balance) return false;
  const ownerId = customerGid(customerId);
  const metafield = (key: string, type: string, value: string) => ({ ownerId, namespace: "$app:loyalty", key, type, value });
  await adminMutation<MutationPayloads<LoyaltyMetafieldsSetMutation>>(
    admin,
    "LoyaltyMetafieldsSet",
    LOYALTY_METAFIELDS_SET_MUTATION,
    {
      metafields: [
        metafield("points", "number_integer", String(balance.available)),
        metafield("pending", "number_integer", String(balance.pending)),
        metafield("tier", "single_line_text_field", tier?.tierName ?? "none"),
      ],
    },
    "metafieldsSet",
  );
  const tag = tier?.tierName ? tierTag(tier.tierName) : null;
  if (synced?.tierTag && synced.tierTag !== tag) {
    await adminMutation<MutationPayloads<LoyaltyTagsRemoveMutation>>(admin, "LoyaltyTagsRemove", LOYALTY_TAGS_REMOVE_MUTATION, { id: ownerId, tags: [synced.tierTag] }, "tagsRemove");
  }
  if (tag) await adminMutation<MutationPayloads<LoyaltyTagsAddMutation>>(admin, "LoyaltyTagsAdd", LOYALTY_TAGS_ADD_MUTATION, { id: ownerId, tags: [tag] }, "tagsAdd");
  const data = { syncedVersion: balance.version, tierTag: tag, syncedAt: new Date() };
  await db.loyaltyShopifySync.upsert({ where: { shop_customerId: { shop, customerId } }, create: { shop, customerId, ...data }, update: data });
  return true;
}

/** Every member whose balance or tier changed since the last write. Returns how many were written. */
export async function syncChangedMembersToShopify(db: Database, admin: AdminGraphql, shop: string): Promise<number> {
  const [balances, synced, tiers] = await Promise.all([
    db.loyaltyBalance.findMany({ where: { shop }, select: { customerId: true, version: true } }),
    db.loyaltyShopifySync.findMany({ where: { shop }, select: { customerId: true, syncedVersion: true, tierTag: true } }),
    db.loyaltyMemberTier.findMany({ where: { shop }, select: { customerId: true, tierName: true } }),
  ]);
  const syncedBy = new Map(synced.map((row) => [row.customerId, row]));
  const tierBy = new Map(tiers.map((row) => [row.customerId, row.tierName ? tierTag(row.tierName) : null]));
  let written = 0;
  for (const { customerId, version } of balances) {
    const last = syncedBy.get(customerId);
    if (last && last.syncedVersion === version && last.tierTag === (tierBy.get(customerId) ?? null)) continue;
    try {
      if (await syncMemberToShopify(db, admin, shop, customerId)) written++;
    } catch (error) {
      // One customer Shopify refuses (e.g. deleted there) must not hold up the others; the next run retries.
      if (!(error instanceof AdminApiError)) throw error;
      console.error(`Encore: writing loyalty figures of customer ${customerId} of ${shop} to Shopify failed`, error.message);
    }
  }
  return written;
}
