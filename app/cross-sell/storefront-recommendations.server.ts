import type { Database } from "../db.server";
import { storedComplements } from "./co-purchase.server";

export interface StorefrontRecommendation {
  productId: string;
  handle: string;
  /** Why it is there: bought together with the product, or a best seller filling the gap. */
  source: "bought-together" | "best-seller";
}

/**
 * What the storefront block shows for a product: its precomputed complements that are still
 * for sale, topped up with the shop's best sellers when there is too little evidence (cold start).
 * A handful of key lookups; nothing here scans orders.
 */
export async function storefrontRecommendations(
  db: Database,
  shop: string,
  productId: string,
  limit: number,
): Promise<StorefrontRecommendation[]> {
  const complements = await storedComplements(db, shop, productId);
  const picked: StorefrontRecommendation[] = [];
  const seen = new Set([productId]);
  const take = async (ids: string[], source: StorefrontRecommendation["source"]) => {
    const candidates = ids.filter((id) => !seen.has(id));
    if (candidates.length === 0) return;
    const sellable = await db.product.findMany({
      where: { shop, id: { in: candidates }, status: "ACTIVE", isGiftCard: false, deletedAt: null },
      select: { id: true, handle: true },
    });
    const handles = new Map(sellable.map((product) => [product.id, product.handle]));
    for (const id of candidates) {
      const handle = handles.get(id);
      if (!handle || picked.length >= limit) continue;
      picked.push({ productId: id, handle, source });
      seen.add(id);
    }
  };
  await take(complements.map((c) => c.productId), "bought-together");
  if (picked.length < limit) {
    const bestSellers = await db.productBasketCount.findMany({
      where: { shop },
      orderBy: [{ baskets: "desc" }, { productId: "asc" }],
      take: limit + seen.size + 10,
      select: { productId: true },
    });
    await take(bestSellers.map((row) => row.productId), "best-seller");
  }
  return picked;
}
