/**
 * The contract between Encore's co-purchase statistics (kept per shop in the database, updated
 * by each order) and the scoring that turns them into "frequently bought together" lists.
 * Pure TypeScript: no database, no Remix.
 */

/** What the statistics say about one product and every product bought with it. */
export interface ProductNeighbourhood {
  /** The product itself, when known: rankComplements never lists it as its own complement. */
  productId?: string;
  /** Baskets (paid, not cancelled or fully refunded orders) in the shop. */
  totalBaskets: number;
  /** Baskets containing the product. */
  productBaskets: number;
  partners: {
    productId: string;
    /** Baskets containing both. */
    together: number;
    /** Baskets containing the partner. */
    partnerBaskets: number;
  }[];
}

export interface RankedComplement {
  productId: string;
  score: number;
  together: number;
  /** P(partner | product) */
  confidence: number;
  /** How many times more often than chance the two are bought together. */
  lift: number;
}
