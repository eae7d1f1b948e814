import type { Database } from "../db.server";
import { forgetCachedSessions } from "../shopify/cached-session-storage.server";
import { adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { SHOP_DETAILS_QUERY, type ShopDetailsQuery } from "../shopify/graphql/ShopDetails";

/** After token exchange: the shop installed (or reinstalled) Encore; remember its details. */
export async function recordInstallation(db: Database, shop: string, admin: AdminGraphql): Promise<void> {
  const { shop: details } = await adminQuery<ShopDetailsQuery>(admin, "ShopDetails", SHOP_DETAILS_QUERY);
  const fields = {
    name: details.name,
    email: details.email,
    currencyCode: details.currencyCode,
    ianaTimezone: details.ianaTimezone,
    planName: details.plan.displayName,
    uninstalledAt: null,
  };
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...fields }, update: fields });
}

/**
 * The shop's row, recorded now if the install hook has not finished yet: on the very first visit
 * Remix runs the layout's and the page's loaders at once, and only one of them runs the hook.
 */
export async function installedShop(db: Database, shop: string, admin: AdminGraphql) {
  const found = await db.shop.findUnique({ where: { domain: shop } });
  if (found) return found;
  await recordInstallation(db, shop, admin);
  return db.shop.findUniqueOrThrow({ where: { domain: shop } });
}

/** app/uninstalled: the shop's tokens are void; its data stays until shop/redact (a reinstall resumes). */
export async function markUninstalled(db: Database, shop: string, at: Date): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: at } }),
  ]);
  forgetCachedSessions(shop);
}

export async function updateGrantedScopes(db: Database, shop: string, scopes: string[]): Promise<void> {
  await db.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
  forgetCachedSessions(shop);
}
