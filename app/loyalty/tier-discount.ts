/**
 * The loyalty tier discount's rules, without a database or Shopify: the configuration Encore's
 * tier Discount Function reads (extensions/encore-tier-discount), and what the VIP tiers page says
 * about it. See docs/decisions/015-loyalty-tier-discount.md.
 */
import type { Tier } from "./tiers";

/** The extension's handle (extensions/encore-tier-discount/shopify.extension.toml). */
export const TIER_FUNCTION_HANDLE = "encore-tier-discount";
export const TIER_CONFIG_NAMESPACE = "$app:encore";
export const TIER_CONFIG_KEY = "tier-config";
export const TIER_DISCOUNT_TITLE = "Encore VIP tier discount";

/**
 * A standing discount stacks only with shipping discounts (free-shipping rewards): against a product
 * or order discount (a reward code, a sale) Shopify gives the shopper the larger of the two, so the
 * merchant never pays a member's percent on top of another promotion.
 */
export const TIER_DISCOUNT_COMBINES_WITH = { productDiscounts: false, orderDiscounts: false, shippingDiscounts: true } as const;

/** What the function reads: the percent of each tier that has one, by the tier's name (the customer metafield holds the name). */
export interface TierDiscountConfig {
  tiers: Record<string, number>;
}

/** The configuration for the shop's tiers, or null when no tier has a standing discount (then the discount is off). */
export function buildTierDiscountConfig(tiers: Pick<Tier, "name" | "discountPercent">[]): TierDiscountConfig | null {
  const withDiscount = tiers.filter((tier) => tier.discountPercent > 0);
  if (withDiscount.length === 0) return null;
  return { tiers: Object.fromEntries(withDiscount.map((tier) => [tier.name, tier.discountPercent])) };
}

/** The metafield value (stable key order, so an unchanged configuration compares equal). */
export function tierConfigJson(config: TierDiscountConfig): string {
  return JSON.stringify({ tiers: Object.fromEntries(Object.entries(config.tiers).sort(([a], [b]) => a.localeCompare(b))) });
}

export type TierDiscountState =
  /** No tier has a standing discount, and Shopify has no discount. */
  | "off"
  /** Shopify runs the discount with the current percentages. */
  | "active"
  /** Shopify's discount is scheduled/expired, deleted in its admin, or has older percentages (a save failed). */
  | "out-of-date";

/** What the page says, from what should be and what Shopify has. */
export function tierDiscountState(input: { wantedJson: string | null; shopifyStatus: string | null; shopifyConfigJson: string | null }): TierDiscountState {
  if (input.wantedJson === null) return input.shopifyStatus === null || input.shopifyStatus === "MISSING" ? "off" : "out-of-date";
  if (input.shopifyStatus !== "ACTIVE") return "out-of-date";
  return input.shopifyConfigJson === input.wantedJson ? "active" : "out-of-date";
}
