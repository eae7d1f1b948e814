/**
 * Turns one product's co-purchase statistics into a ranked "frequently bought together" list.
 * Pure functions over a ProductNeighbourhood; scripts/eval-recs.ts measures them on real baskets
 * and docs/decisions/004-cross-sell-scoring.md records why DEFAULT_SCORER is the one it is.
 */
import type { ProductNeighbourhood, RankedComplement } from "./complements";

export const SCORER_NAMES = ["together", "confidence", "lift", "llr", "shrunk-confidence", "shrunk-lift"] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

export const DEFAULT_SCORER: ScorerName = "shrunk-confidence";

/** Partners bought with the product in fewer baskets than this are not shown: one order is an anecdote. */
export const DEFAULT_MIN_TOGETHER = 2;

/**
 * How many baskets' worth of prior belief shrunk-confidence starts from: with few baskets of the
 * product, the estimate stays near the partner's base rate (its popularity); with many, the
 * product's own orders win. 20 sits on the plateau (10-50) measured on both public datasets.
 */
export const PRIOR_BASKETS = 20;

type Partner = ProductNeighbourhood["partners"][number];
type Scorer = (n: ProductNeighbourhood, partner: Partner) => number;

export const SCORERS: Record<ScorerName, Scorer> = {
  /** Baskets with both: the raw co-occurrence baseline. */
  together: (_n, p) => p.together,
  /** P(partner | product). For one product this orders partners exactly like `together`. */
  confidence: (n, p) => confidence(n, p),
  /** P(both) / (P(product) P(partner)): favours rare partners, noisy at small counts. */
  lift: (n, p) => lift(n, p),
  /** Dunning's G² on the 2x2 table, negative when the two are bought together less than by chance. */
  llr: (n, p) => signedLogLikelihoodRatio(n, p),
  /**
   * P(partner | product) with a Beta prior centred on the partner's base rate, worth PRIOR_BASKETS
   * baskets: (together + PRIOR_BASKETS * P(partner)) / (productBaskets + PRIOR_BASKETS).
   */
  "shrunk-confidence": (n, p) => shrunkConfidence(n, p.together, p.partnerBaskets),
  /** Lift with the observed and expected counts both padded by one basket, so small counts stay near 1. */
  "shrunk-lift": (n, p) => (p.together + 1) / (expectedTogether(n, p) + 1),
};

export interface RankOptions {
  k: number;
  scorer?: ScorerName;
  /** Partners in fewer baskets with the product are left out (default DEFAULT_MIN_TOGETHER). */
  minTogether?: number;
}

/**
 * The k best partners: score descending, then together descending, then product id ascending, so
 * equal inputs always give the same list. Leaves out the product itself (when the neighbourhood
 * names it) and partners below minTogether.
 */
export function rankComplements(n: ProductNeighbourhood, options: RankOptions): RankedComplement[] {
  const score = SCORERS[options.scorer ?? DEFAULT_SCORER];
  const minTogether = options.minTogether ?? DEFAULT_MIN_TOGETHER;
  const ranked: RankedComplement[] = [];
  for (const partner of n.partners) {
    if (partner.productId === n.productId || partner.together < minTogether) continue;
    ranked.push({
      productId: partner.productId,
      score: score(n, partner),
      together: partner.together,
      confidence: confidence(n, partner),
      lift: lift(n, partner),
    });
  }
  return ranked.sort(byScoreThenTogetherThenId).slice(0, Math.max(0, options.k));
}

export interface BestSeller {
  productId: string;
  /** Baskets containing it. */
  baskets: number;
}

/**
 * The storefront list with the cold-start blend: partners and the shop's best sellers compete on
 * the same shrunk estimate of P(item | product), so a product with little evidence shows mostly
 * best sellers and one with many orders shows its own complements. Best sellers never bought with
 * the product come back with together 0. minTogether defaults to 1 here: the estimate already
 * discounts thin evidence, and measured better than a hard cut (ADR 004).
 */
export function rankWithBestSellers(
  n: ProductNeighbourhood,
  bestSellers: readonly BestSeller[],
  options: { k: number; minTogether?: number },
): RankedComplement[] {
  const minTogether = options.minTogether ?? 1;
  // The top k of partners and best sellers together comes from the top k partners and the best sellers.
  const candidates = rankComplements(n, { k: options.k, scorer: "shrunk-confidence", minTogether });
  const listed = new Set(candidates.map((c) => c.productId));
  const partners = new Map(n.partners.map((p) => [p.productId, p]));
  for (const seller of bestSellers) {
    if (seller.productId === n.productId || listed.has(seller.productId)) continue;
    listed.add(seller.productId);
    const together = partners.get(seller.productId)?.together ?? 0;
    const partner = { productId: seller.productId, together, partnerBaskets: seller.baskets };
    candidates.push({
      productId: seller.productId,
      score: shrunkConfidence(n, together, seller.baskets),
      together,
      confidence: confidence(n, partner),
      lift: lift(n, partner),
    });
  }
  return candidates.sort(byScoreThenTogetherThenId).slice(0, Math.max(0, options.k));
}

/** One line for the merchant on why a product is shown. */
export function explainComplement(c: RankedComplement): string {
  if (c.together === 0) return "One of your best sellers (not enough orders with this product yet)";
  if (c.lift < 1.05) return `Often bought in the same order (${c.together === 1 ? "1 time" : `${c.together} times`})`;
  return `Bought together in ${c.together === 1 ? "1 order" : `${c.together} orders`}, ${c.lift.toFixed(1)}× more often than chance`;
}

function byScoreThenTogetherThenId(x: RankedComplement, y: RankedComplement): number {
  return y.score - x.score || y.together - x.together || (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0);
}

/** (together + PRIOR_BASKETS × P(partner)) / (productBaskets + PRIOR_BASKETS). */
function shrunkConfidence(n: ProductNeighbourhood, together: number, partnerBaskets: number): number {
  const baseRate = n.totalBaskets > 0 ? partnerBaskets / n.totalBaskets : 0;
  return (together + PRIOR_BASKETS * baseRate) / (Math.max(0, n.productBaskets) + PRIOR_BASKETS);
}

function confidence(n: ProductNeighbourhood, p: Partner): number {
  return n.productBaskets > 0 ? p.together / n.productBaskets : 0;
}

function expectedTogether(n: ProductNeighbourhood, p: Partner): number {
  return n.totalBaskets > 0 ? (n.productBaskets * p.partnerBaskets) / n.totalBaskets : 0;
}

function lift(n: ProductNeighbourhood, p: Partner): number {
  const expected = expectedTogether(n, p);
  return expected > 0 ? p.together / expected : 0;
}

/**
 * G² = 2 Σ k ln(k N / (row × column)) over the 2x2 table of baskets (with / without the product,
 * with / without the partner), written with x ln x terms. Cells are clamped at 0 in case the
 * counts were read at slightly different moments.
 */
function signedLogLikelihoodRatio(n: ProductNeighbourhood, p: Partner): number {
  const total = n.totalBaskets;
  const both = p.together;
  const productOnly = Math.max(0, n.productBaskets - both);
  const partnerOnly = Math.max(0, p.partnerBaskets - both);
  const neither = Math.max(0, total - both - productOnly - partnerOnly);
  const g2 =
    2 *
    (xLnX(both) +
      xLnX(productOnly) +
      xLnX(partnerOnly) +
      xLnX(neither) -
      xLnX(both + productOnly) -
      xLnX(partnerOnly + neither) -
      xLnX(both + partnerOnly) -
      xLnX(productOnly + neither) +
      xLnX(both + productOnly + partnerOnly + neither));
  const positive = both * total >= (both + productOnly) * (both + partnerOnly);
  return positive ? Math.max(0, g2) : -Math.max(0, g2);
}

function xLnX(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}
