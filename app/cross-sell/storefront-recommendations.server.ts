import type { Database } from "../db.server";
import { storedComplements } from "./co-purchase.server";

export interface StorefrontRecommendation {
  productId: string;
  handle: string;
  /** Why it is there: bought together with the product, or a best seller filling the gap. */
  source: "bought-together" | "best-seller";
}

export interface StorefrontRecommendationOptions {
  /** Never returned (the products already in the shopper's cart). */
  excludeProductIds?: readonly string[];
}

/**
 * What the storefront block shows for a product: its precomputed list (complements, and best
 * sellers where the product has little evidence) restricted to what is still for sale, topped up
 * with the shop's best sellers for a product never bought yet (cold start).
 * A handful of key lookups; nothing here scans orders.
 */
export async function storefrontRecommendations(
  db: Database,
  shop: string,
  productId: string,
  limit: number,
  options: StorefrontRecommendationOptions = {},
): Promise<StorefrontRecommendation[]> {
  const complements = await storedComplements(db, shop, productId);
  const picked: StorefrontRecommendation[] = [];
  const seen = new Set([productId, ...(options.excludeProductIds ?? [])]);
  // In the stored order (partners and best sellers were ranked together), keeping what is for sale.
  const take = async (candidates: { productId: string; source: StorefrontRecommendation["source"] }[]) => {
    const fresh = candidates.filter((c) => !seen.has(c.productId));
    if (fresh.length === 0) return;
    const sellable = await db.product.findMany({
      where: { shop, id: { in: fresh.map((c) => c.productId) }, status: "ACTIVE", isGiftCard: false, deletedAt: null },
      select: { id: true, handle: true },
    });
    const handles = new Map(sellable.map((product) => [product.id, product.handle]));
    for (const { productId: id, source } of fresh) {
      const handle = handles.get(id);
      if (!handle || picked.length >= limit) continue;
      picked.push({ productId: id, handle, source });
      seen.add(id);
    }
  };
  await take(complements.map((c) => ({ productId: c.productId, source: c.together > 0 ? "bought-together" : "best-seller" })));
  if (picked.length < limit) {
    const bestSellers = await db.productBasketCount.findMany({
      where: { shop },
      orderBy: [{ baskets: "desc" }, { productId: "asc" }],
      take: limit + seen.size + 10,
      select: { productId: true },
    });
    await take(bestSellers.map((row) => ({ productId: row.productId, source: "best-seller" as const })));
  }
  return picked;
}
