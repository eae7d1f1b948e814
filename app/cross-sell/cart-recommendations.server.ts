import type { Database } from "../db.server";
import { mergeCartSuggestions, type CartSuggestion } from "./cart-recommendations";
import { storefrontRecommendations } from "./storefront-recommendations.server";

/** Per cart product, a few more than asked for, so items shared by several lists can surface. */
const EXTRA_PER_PRODUCT = 4;

/**
 * What the cart upsell block shows: each cart product's storefront recommendations (the same
 * precomputed lists the product page reads, never what is in the cart), merged so that items
 * suggested for several cart products come first. A few key lookups per cart product.
 */
export async function cartRecommendations(db: Database, shop: string, cartProductIds: readonly string[], limit: number): Promise<CartSuggestion[]> {
  const anchors = [...new Set(cartProductIds)];
  const lists = await Promise.all(
    anchors.map(async (anchor) => ({
      anchor,
      items: await storefrontRecommendations(db, shop, anchor, limit + EXTRA_PER_PRODUCT, { excludeProductIds: anchors }),
    })),
  );
  return mergeCartSuggestions(lists, anchors, limit);
}
