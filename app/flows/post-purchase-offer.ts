// The one-click post-purchase offer, pure: which product to offer after a purchase and at what
// price, and the merchant's settings. post-purchase-offer.server.ts reads the inputs (the
// cross-sell engine's complements, prices and stock from Shopify) and records what was shown.
import { z } from "zod";

export interface PostPurchaseSettingsValues {
  enabled: boolean;
  discountPercent: number;
  maxOffersPerOrder: number;
}

/**
 * Off until the merchant switches it on: live stores need Shopify's approval for the
 * post-purchase API, and the buyer should not meet an offer the merchant has not seen.
 */
export const DEFAULT_POST_PURCHASE_SETTINGS: PostPurchaseSettingsValues = { enabled: false, discountPercent: 15, maxOffersPerOrder: 1 };

/** Shopify shows at most three offers (changesets) per purchase. */
export const SHOPIFY_MAX_OFFERS = 3;

/** The settings card's form fields (checkbox "on" when ticked). */
export const postPurchaseSettingsSchema = z.object({
  enabled: z
    .enum(["on", "true", "false"])
    .optional()
    .transform((value) => value === "on" || value === "true"),
  discountPercent: z.coerce
    .number({ invalid_type_error: "Enter the discount as a whole number of percent." })
    .int("Enter the discount as a whole number of percent.")
    .min(1, "The discount must be at least 1%.")
    .max(90, "The discount can be at most 90%."),
  maxOffersPerOrder: z.coerce
    .number({ invalid_type_error: "Enter how many offers a buyer may see." })
    .int("Enter a whole number of offers.")
    .min(1, "Show at least one offer (or switch the offer off).")
    .max(SHOPIFY_MAX_OFFERS, `Shopify shows at most ${SHOPIFY_MAX_OFFERS} offers per order.`),
});

export interface CandidateVariant {
  id: string; // numeric id
  title: string;
  priceCents: number;
  available: boolean;
  inventoryQuantity: number | null;
}

export interface CandidateProduct {
  id: string; // numeric id
  title: string;
  imageUrl: string | null;
  active: boolean;
  variants: CandidateVariant[];
}

export interface ChosenOffer {
  productId: string;
  productTitle: string;
  imageUrl: string | null;
  variantId: string;
  variantTitle: string;
  quantity: number;
  unitPriceCents: number;
  discountPercent: number;
  /** Unit price x quantity less the discount: what the buyer pays for the line before tax. */
  priceCents: number;
}

/** The price after a percentage discount, rounded to the minor unit as Shopify rounds a line discount. */
export function discountedCents(priceCents: number, percent: number): number {
  return priceCents - Math.round((priceCents * percent) / 100);
}

/**
 * Offers for a purchase: the candidates in the cross-sell engine's order (complements of what
 * was bought, then the merchant's rules and fallbacks), skipping what the buyer just bought,
 * inactive products and anything out of stock, each product's first variant in stock, at most
 * `limit` offers. Nothing when nothing fits: the page is then not shown at all.
 */
export function chooseOffers(candidates: readonly CandidateProduct[], boughtProductIds: readonly string[], discountPercent: number, limit: number): ChosenOffer[] {
  const bought = new Set(boughtProductIds);
  const offers: ChosenOffer[] = [];
  for (const product of candidates) {
    if (offers.length >= limit) break;
    if (bought.has(product.id) || !product.active || offers.some((o) => o.productId === product.id)) continue;
    const variant = product.variants.find((v) => v.available && (v.inventoryQuantity === null || v.inventoryQuantity > 0) && v.priceCents > 0);
    if (!variant) continue;
    offers.push({
      productId: product.id,
      productTitle: product.title,
      imageUrl: product.imageUrl,
      variantId: variant.id,
      variantTitle: variant.title,
      quantity: 1,
      unitPriceCents: variant.priceCents,
      discountPercent,
      priceCents: discountedCents(variant.priceCents, discountPercent),
    });
  }
  return offers;
}

/** The discount's title on the order line, as the buyer and merchant see it. */
export const offerDiscountTitle = (percent: number) => `Encore post-purchase offer (${percent}% off)`;
