import type { CrossSellSettingsValues, FallbackSource } from "./settings";

/**
 * Merchant rules and the recommendation pipeline (pure: no database, no Remix). What a shopper
 * sees for an anchor product, in this order, each item once:
 *   1. pins for the anchor (the merchant's order),
 *   2. bought together (the precomputed top list),
 *   3. the fallbacks in the merchant's order: category rules ("manual-rules"), same collection,
 *      same product type, same vendor, best sellers,
 * never the anchor, an excluded product, a product excluded with the anchor, a product the
 * caller excludes (already in the cart) or one the hide settings hide.
 * The catalogue is reached through CatalogLookup, so the server module decides how to read it
 * (key and index lookups) and tests use plain arrays.
 */

export type CategoryKind = "collection" | "product-type" | "vendor" | "tag";
export const CATEGORY_KINDS: CategoryKind[] = ["collection", "product-type", "vendor", "tag"];

export interface Criterion {
  kind: CategoryKind;
  /** A collection id for "collection"; the product type or vendor as stored; a tag (any case). */
  value: string;
}

export type CrossSellRule =
  | { id: string; kind: "pin"; productId: string; complementIds: string[] }
  | { id: string; kind: "exclude"; productId: string }
  | { id: string; kind: "exclude-pair"; productId: string; otherProductId: string }
  | { id: string; kind: "category"; match: Criterion; targets: Criterion[] };

export type RecommendationSource =
  | "bought-together"
  | "best-seller"
  | "same-collection"
  | "same-type"
  | "same-vendor"
  | `rule:${string}`
  | `pin:${string}`;

export interface Recommendation {
  productId: string;
  handle: string;
  source: RecommendationSource;
}

/** What the pipeline needs to know of a product. */
export interface ProductFacts {
  id: string;
  handle: string;
  status: string;
  isGiftCard: boolean;
  deleted: boolean;
  productType: string;
  vendor: string;
  /** Shopify's tags as stored ("a, b, c"). */
  tags: string;
}

/** Per-candidate statistics for ranking: baskets with the anchor, baskets overall. */
export interface CandidateStatistics {
  together: Map<string, number>;
  baskets: Map<string, number>;
}

export interface CatalogLookup {
  /** The anchor's precomputed complements that were actually bought with it, best first. */
  boughtTogether(): Promise<string[]>;
  /** Products in a category (unordered; a bounded number). */
  productsIn(criterion: Criterion): Promise<string[]>;
  /** The collections the anchor is in. */
  collectionsOf(productId: string): Promise<string[]>;
  /** The shop's best sellers, best first. */
  bestSellers(count: number): Promise<string[]>;
  statistics(productIds: string[]): Promise<CandidateStatistics>;
  facts(productIds: string[]): Promise<Map<string, ProductFacts>>;
}

export interface RecommendationRequest {
  anchorId: string;
  limit: number;
  settings: Pick<CrossSellSettingsValues, "hideUnpublished" | "hideGiftCards" | "fallbackOrder">;
  rules: CrossSellRule[];
  excludeProductIds?: readonly string[];
}

/**
 * The stored list up to its first best seller: the scorer ranks partners and best sellers
 * together and puts a best seller first exactly where the product's own evidence runs thin
 * (decision 004). From there on the merchant's fallback order applies (decision 005).
 */
export function boughtTogetherPrefix(complements: readonly { productId: string; together: number }[]): string[] {
  const end = complements.findIndex((c) => c.together === 0);
  return (end < 0 ? complements : complements.slice(0, end)).map((c) => c.productId);
}

/** Whether a product falls in a category. Collections need the product's collection ids. */
export function matchesCriterion(product: ProductFacts, collectionIds: readonly string[], criterion: Criterion): boolean {
  // Types and vendors compare exactly, as the database index does; tags are case-insensitive in Shopify.
  switch (criterion.kind) {
    case "collection":
      return collectionIds.includes(criterion.value);
    case "product-type":
      return product.productType === criterion.value;
    case "vendor":
      return product.vendor === criterion.value;
    case "tag":
      return parseTags(product.tags).includes(criterion.value.trim().toLowerCase());
  }
}

export function parseTags(tags: string): string[] {
  return tags
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
}

/** Products never to show next to the anchor: excluded everywhere, or excluded with the anchor. */
export function excludedFor(rules: readonly CrossSellRule[], anchorId: string): Set<string> {
  const excluded = new Set<string>();
  for (const rule of rules) {
    if (rule.kind === "exclude") excluded.add(rule.productId);
    if (rule.kind === "exclude-pair") {
      if (rule.productId === anchorId) excluded.add(rule.otherProductId);
      if (rule.otherProductId === anchorId) excluded.add(rule.productId);
    }
  }
  return excluded;
}

/**
 * Candidates of a category rule or fallback, ranked by the shop's statistics: bought with the
 * anchor more often first, then more baskets overall, then by id (numeric ids in number order).
 */
export function rankByStatistics(productIds: readonly string[], stats: CandidateStatistics): string[] {
  return [...new Set(productIds)].sort(
    (a, b) =>
      (stats.together.get(b) ?? 0) - (stats.together.get(a) ?? 0) ||
      (stats.baskets.get(b) ?? 0) - (stats.baskets.get(a) ?? 0) ||
      compareIds(a, b),
  );
}

export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function visible(product: ProductFacts | undefined, settings: RecommendationRequest["settings"]): product is ProductFacts {
  if (!product || product.deleted) return false;
  if (settings.hideUnpublished && product.status !== "ACTIVE") return false;
  if (settings.hideGiftCards && product.isGiftCard) return false;
  return true;
}

export async function recommend(request: RecommendationRequest, catalog: CatalogLookup): Promise<Recommendation[]> {
  const { anchorId, limit, settings, rules } = request;
  const picked: Recommendation[] = [];
  const blocked = excludedFor(rules, anchorId);
  for (const id of request.excludeProductIds ?? []) blocked.add(id);
  blocked.add(anchorId);
  const seen = new Set<string>();

  /** Takes candidates in order until the list is full. */
  const take = async (candidates: readonly string[], source: (id: string) => RecommendationSource) => {
    const fresh = [...new Set(candidates)].filter((id) => !blocked.has(id) && !seen.has(id));
    if (fresh.length === 0 || picked.length >= limit) return;
    const facts = await catalog.facts(fresh);
    for (const id of fresh) {
      if (picked.length >= limit) return;
      const product = facts.get(id);
      if (!visible(product, settings)) continue;
      picked.push({ productId: id, handle: product.handle, source: source(id) });
      seen.add(id);
    }
  };
  const ranked = async (candidates: string[]) => {
    const fresh = candidates.filter((id) => !blocked.has(id) && !seen.has(id));
    return fresh.length === 0 ? [] : rankByStatistics(fresh, await catalog.statistics(fresh));
  };

  for (const rule of rules) {
    if (rule.kind === "pin" && rule.productId === anchorId) await take(rule.complementIds, () => `pin:${rule.id}`);
  }
  if (picked.length < limit) await take(await catalog.boughtTogether(), () => "bought-together");

  // Read only when a fallback needs them: a product whose pins and partners fill the list costs
  // two lookups (its stored list, the facts of the picks).
  let anchorCollections: Promise<string[]> | null = null;
  const collectionsOfAnchor = () => (anchorCollections ??= catalog.collectionsOf(anchorId));
  let anchorFacts: Promise<ProductFacts | null> | null = null;
  const anchorProduct = () => (anchorFacts ??= catalog.facts([anchorId]).then((facts) => facts.get(anchorId) ?? null));

  for (const fallback of settings.fallbackOrder) {
    if (picked.length >= limit) break;
    await fillFrom(fallback);
  }
  return picked;

  async function fillFrom(fallback: FallbackSource) {
    switch (fallback) {
      case "manual-rules": {
        const categoryRules = rules.filter((r): r is Extract<CrossSellRule, { kind: "category" }> => r.kind === "category");
        if (categoryRules.length === 0) return;
        const anchor = await anchorProduct();
        if (!anchor) return;
        const needsCollections = categoryRules.some((r) => r.match.kind === "collection");
        const collections = needsCollections ? await collectionsOfAnchor() : [];
        for (const rule of categoryRules) {
          if (picked.length >= limit) return;
          if (!matchesCriterion(anchor, collections, rule.match)) continue;
          const candidates = (await Promise.all(rule.targets.map((target) => catalog.productsIn(target)))).flat();
          await take(await ranked(candidates), () => `rule:${rule.id}`);
        }
        return;
      }
      case "same-collection": {
        for (const collectionId of await collectionsOfAnchor()) {
          if (picked.length >= limit) return;
          await take(await ranked(await catalog.productsIn({ kind: "collection", value: collectionId })), () => "same-collection");
        }
        return;
      }
      case "same-type": {
        const anchor = await anchorProduct();
        if (anchor?.productType) await take(await ranked(await catalog.productsIn({ kind: "product-type", value: anchor.productType })), () => "same-type");
        return;
      }
      case "same-vendor": {
        const anchor = await anchorProduct();
        if (anchor?.vendor) await take(await ranked(await catalog.productsIn({ kind: "vendor", value: anchor.vendor })), () => "same-vendor");
        return;
      }
      case "best-sellers":
        await take(await catalog.bestSellers(limit + seen.size + blocked.size + 10), () => "best-seller");
        return;
    }
  }
}
