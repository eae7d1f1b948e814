// The cart upsell's suggestions: one recommendation list per cart product, merged into one.
// Pure (no database): cart-recommendations.server.ts fetches the lists.

export interface SuggestedProduct {
  productId: string;
  handle: string;
  /** Why it is there (contract 1: "bought-together", "best-seller", "rule:<id>", ...). */
  source: string;
}

/** The recommendations for one cart product, best first. */
export interface AnchorSuggestions {
  anchor: string;
  items: readonly SuggestedProduct[];
}

export interface CartSuggestion extends SuggestedProduct {
  /** The cart product the suggestion came from (where it ranked best). */
  anchor: string;
}

interface Candidate {
  suggestion: CartSuggestion;
  lists: number;
  bestRank: number;
  anchorPosition: number;
}

/**
 * Merges the cart products' lists: an item suggested for more cart products first, then the
 * best rank it reached in any list, then the earlier cart product, then the product id (so equal
 * inputs always give the same order). Nothing already in the cart is suggested, each product at
 * most once, at most `limit` items. `anchor` and `source` come from the list where it ranked best.
 */
export function mergeCartSuggestions(lists: readonly AnchorSuggestions[], cartProductIds: readonly string[], limit: number): CartSuggestion[] {
  const inCart = new Set(cartProductIds);
  const candidates = new Map<string, Candidate>();
  lists.forEach(({ anchor, items }, anchorPosition) => {
    const seenInList = new Set<string>();
    items.forEach((item, rank) => {
      if (inCart.has(item.productId) || seenInList.has(item.productId)) return;
      seenInList.add(item.productId);
      const known = candidates.get(item.productId);
      if (!known) {
        candidates.set(item.productId, { suggestion: { ...item, anchor }, lists: 1, bestRank: rank, anchorPosition });
        return;
      }
      known.lists += 1;
      if (rank < known.bestRank) Object.assign(known, { suggestion: { ...item, anchor }, bestRank: rank, anchorPosition });
    });
  });
  return [...candidates.values()]
    .sort(
      (a, b) =>
        b.lists - a.lists ||
        a.bestRank - b.bestRank ||
        a.anchorPosition - b.anchorPosition ||
        compareIds(a.suggestion.productId, b.suggestion.productId),
    )
    .slice(0, Math.max(0, limit))
    .map((candidate) => candidate.suggestion);
}

/** Numeric ids in numeric order (Shopify ids are decimal strings of varying length). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
