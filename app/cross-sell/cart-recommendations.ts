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
  /** The cart product the suggestion came from (the list it is ranked by). */
  anchor: string;
}

/**
 * Sources that fill a list when a product has little evidence of its own (contract 1). Such an
 * item is not suggested *for* that product, so it does not count towards "suggested for several
 * cart products": otherwise the shop's best sellers, topping up every thin list, would crowd out
 * the real complements of a cart with a few products.
 */
const FALLBACK_SOURCES = new Set(["best-seller", "same-collection", "same-type", "same-vendor"]);

interface Appearance {
  suggestion: CartSuggestion;
  rank: number;
  anchorPosition: number;
  specific: boolean;
}

interface Candidate {
  /** How many cart products suggest it on its own merit (bought together, a merchant's rule or pin). */
  specificLists: number;
  /** Where it is shown from: its best specific appearance, else its best fallback appearance. */
  best: Appearance;
}

/** Better representative: a specific appearance over a fallback one, then the better rank, then the earlier cart product. */
function better(a: Appearance, b: Appearance): boolean {
  if (a.specific !== b.specific) return a.specific;
  return a.rank < b.rank || (a.rank === b.rank && a.anchorPosition < b.anchorPosition);
}

/**
 * Merges the cart products' lists: an item suggested for more cart products first (counting
 * only specific suggestions, see FALLBACK_SOURCES), then the best rank it reached, then a
 * specific suggestion before a fallback, then the earlier cart product, then the product id, so
 * the same input always gives the same order. With one cart product this is that product's list.
 * Nothing already in the cart is suggested, each product at most once, at most `limit` items.
 * `anchor` and `source` come from the appearance it is ranked by.
 */
export function mergeCartSuggestions(lists: readonly AnchorSuggestions[], cartProductIds: readonly string[], limit: number): CartSuggestion[] {
  const inCart = new Set(cartProductIds);
  const candidates = new Map<string, Candidate>();
  lists.forEach(({ anchor, items }, anchorPosition) => {
    const seenInList = new Set<string>();
    items.forEach((item, rank) => {
      if (inCart.has(item.productId) || seenInList.has(item.productId)) return;
      seenInList.add(item.productId);
      const appearance: Appearance = { suggestion: { ...item, anchor }, rank, anchorPosition, specific: !FALLBACK_SOURCES.has(item.source) };
      const known = candidates.get(item.productId);
      if (!known) {
        candidates.set(item.productId, { specificLists: appearance.specific ? 1 : 0, best: appearance });
        return;
      }
      if (appearance.specific) known.specificLists += 1;
      if (better(appearance, known.best)) known.best = appearance;
    });
  });
  return [...candidates.values()]
    .sort(
      (a, b) =>
        Math.max(1, b.specificLists) - Math.max(1, a.specificLists) ||
        a.best.rank - b.best.rank ||
        Number(b.best.specific) - Number(a.best.specific) ||
        a.best.anchorPosition - b.best.anchorPosition ||
        compareIds(a.best.suggestion.productId, b.best.suggestion.productId),
    )
    .slice(0, Math.max(0, limit))
    .map((candidate) => candidate.best.suggestion);
}

/** Numeric ids in numeric order (Shopify ids are decimal strings of varying length). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
