// Encore's loyalty tier discount (Discount Function API 2026-04, target cart.lines.discounts.generate.run).
//
// A member of a VIP tier gets the tier's standing percentage off every product line. The buyer's
// tier is the customer metafield $app:loyalty/tier that Encore's loyalty sync writes (the tier's
// name, "none" without one); the percentages are the discount's configuration, written by the app.
// A guest, a customer without a tier, a tier that is not configured or a broken configuration get
// nothing: only what the app wrote can turn into a discount. Written by the app means the metafield
// on the customer too: a shopper cannot set it (app-owned namespace).
// Pure and synchronous: no imports, so Shopify's toolchain and the tests run the same code.

/**
 * The configuration the app writes to the discount's metafield $app:encore/tier-config
 * (app/loyalty/tier-discount.ts builds it): tier name -> percent off (only tiers above 0).
 * @typedef {{ tiers: Record<string, number> }} TierConfig
 */

/**
 * @typedef {{
 *   cart: {
 *     buyerIdentity?: { customer?: { tier?: { value?: string | null } | null } | null } | null,
 *     lines: { id: string, merchandise: { __typename?: string } }[],
 *   },
 *   discount: { discountClasses: string[], metafield?: { jsonValue?: unknown } | null },
 * }} CartInput
 * @typedef {{
 *   message: string,
 *   targets: { cartLine: { id: string } }[],
 *   value: { percentage: { value: number } },
 * }} Candidate
 * @typedef {{ operations: { productDiscountsAdd: { candidates: Candidate[], selectionStrategy: "FIRST" } }[] }} RunResult
 */

/** @type {RunResult} */
const NO_DISCOUNT = { operations: [] };

/** Percentages the app may write (the admin allows 0–50; anything else is not the app's). */
const MAX_PERCENT = 50;

/**
 * The configuration, or null when it is missing or not what the app writes.
 * @param {unknown} raw
 * @returns {TierConfig | null}
 */
export function parseTierConfig(raw) {
  if (!raw || typeof raw !== "object") return null;
  const tiers = /** @type {Record<string, unknown>} */ (raw).tiers;
  if (!tiers || typeof tiers !== "object" || Array.isArray(tiers)) return null;
  return /** @type {TierConfig} */ (raw);
}

/**
 * @param {CartInput} input
 * @returns {RunResult}
 */
export function cartLinesDiscountsGenerateRun(input) {
  if (!input.discount.discountClasses.includes("PRODUCT")) return NO_DISCOUNT;
  const config = parseTierConfig(input.discount.metafield?.jsonValue);
  const tier = input.cart.buyerIdentity?.customer?.tier?.value;
  if (!config || typeof tier !== "string" || tier === "" || !Object.hasOwn(config.tiers, tier)) return NO_DISCOUNT;
  const percent = config.tiers[tier];
  if (typeof percent !== "number" || !(percent > 0 && percent <= MAX_PERCENT)) return NO_DISCOUNT;

  const targets = input.cart.lines.filter((line) => line.merchandise?.__typename === "ProductVariant").map((line) => ({ cartLine: { id: line.id } }));
  if (targets.length === 0) return NO_DISCOUNT;
  // One candidate over every product line: the same percent off each line is that percent off the subtotal.
  return {
    operations: [{ productDiscountsAdd: { candidates: [{ message: `${tier} member: ${percent}% off`, targets, value: { percentage: { value: percent } } }], selectionStrategy: "FIRST" } }],
  };
}
