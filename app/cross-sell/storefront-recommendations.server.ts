import type { Database } from "../db.server";
import { storedComplements } from "./co-purchase.server";
import { boughtTogetherPrefix, recommend, type CatalogLookup, type Criterion, type CrossSellRule, type ProductFacts, type Recommendation } from "./rules";
import { loadRules } from "./rules.server";
import type { CrossSellSettingsValues } from "./settings";
import { cachedCrossSellConfig, loadCrossSellSettings } from "./settings.server";

export type StorefrontRecommendation = Recommendation;
export type { RecommendationSource } from "./rules";

/** Candidates read per category (a category rule or fallback ranks at most this many products). */
const CATEGORY_CANDIDATES = 500;

const FACTS_SELECT = {
  id: true,
  handle: true,
  status: true,
  isGiftCard: true,
  deletedAt: true,
  productType: true,
  vendor: true,
  tags: true,
} as const;

export interface CrossSellConfig {
  settings: CrossSellSettingsValues;
  rules: CrossSellRule[];
}

/** The shop's settings and rules, loaded once per request (and kept briefly per process). */
export function crossSellConfig(db: Database, shop: string): Promise<CrossSellConfig> {
  return cachedCrossSellConfig(shop, async () => {
    const [settings, rules] = await Promise.all([loadCrossSellSettings(db, shop), loadRules(db, shop)]);
    return { settings, rules };
  });
}

/**
 * What the storefront block shows for a product (contract 1): pins, then bought together, then
 * the merchant's fallbacks (app/cross-sell/rules.ts), each item with its source. Key and index
 * lookups only; nothing here scans orders. Fallback sources are read only while the list is short.
 */
export async function storefrontRecommendations(
  db: Database,
  shop: string,
  productId: string,
  limit: number,
  options: { excludeProductIds?: readonly string[]; config?: CrossSellConfig } = {},
): Promise<StorefrontRecommendation[]> {
  const config = options.config ?? (await crossSellConfig(db, shop));
  return recommend(
    {
      anchorId: productId,
      limit,
      settings: config.settings,
      rules: config.rules,
      excludeProductIds: options.excludeProductIds,
    },
    catalogLookup(db, shop, productId),
  );
}

function facts(row: { id: string; handle: string; status: string; isGiftCard: boolean; deletedAt: Date | null; productType: string; vendor: string; tags: string }): ProductFacts {
  return { ...row, deleted: row.deletedAt !== null };
}

/** The shop's catalogue and statistics as the pipeline reads them. */
export function catalogLookup(db: Database, shop: string, anchorId: string): CatalogLookup {
  return {
    boughtTogether: async () => boughtTogetherPrefix(await storedComplements(db, shop, anchorId)),
    productsIn: async (criterion: Criterion) => {
      if (criterion.kind === "collection") {
        const rows = await db.collectionMembership.findMany({
          where: { shop, collectionId: criterion.value },
          select: { productId: true },
          take: CATEGORY_CANDIDATES,
        });
        return rows.map((row) => row.productId);
      }
      const where =
        criterion.kind === "product-type"
          ? { productType: criterion.value }
          : criterion.kind === "vendor"
            ? { vendor: criterion.value }
            : // Tags are one string per product: narrow with contains, then match the tag exactly.
              { tags: { contains: criterion.value.trim() } };
      const rows = await db.product.findMany({
        where: { shop, deletedAt: null, ...where },
        select: { id: true, tags: true },
        take: CATEGORY_CANDIDATES,
      });
      const tag = criterion.value.trim().toLowerCase();
      return rows
        .filter((row) => criterion.kind !== "tag" || row.tags.split(",").some((t) => t.trim().toLowerCase() === tag))
        .map((row) => row.id);
    },
    collectionsOf: async (productId) =>
      (await db.collectionMembership.findMany({ where: { shop, productId }, select: { collectionId: true }, orderBy: { collectionId: "asc" } })).map(
        (row) => row.collectionId,
      ),
    bestSellers: async (count) =>
      (
        await db.productBasketCount.findMany({
          where: { shop },
          orderBy: [{ baskets: "desc" }, { productId: "asc" }],
          take: count,
          select: { productId: true },
        })
      ).map((row) => row.productId),
    statistics: async (productIds) => {
      const [pairs, counts] = await Promise.all([
        db.productPairCount.findMany({ where: { shop, productId: anchorId, partnerId: { in: productIds } }, select: { partnerId: true, baskets: true } }),
        db.productBasketCount.findMany({ where: { shop, productId: { in: productIds } }, select: { productId: true, baskets: true } }),
      ]);
      return {
        together: new Map(pairs.map((row) => [row.partnerId, row.baskets])),
        baskets: new Map(counts.map((row) => [row.productId, row.baskets])),
      };
    },
    facts: async (productIds) => {
      const rows = await db.product.findMany({ where: { shop, id: { in: [...productIds] } }, select: FACTS_SELECT });
      return new Map(rows.map((row) => [row.id, facts(row)]));
    },
  };
}
