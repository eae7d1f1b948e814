// Encore's bundle discount (Discount Function API 2026-04, target cart.lines.discounts.generate.run).
//
// A bundle is an anchor product plus complements Encore suggested for it. Lines Encore's blocks
// added carry the property _encore_anchor = the anchor's product id; the anchor line is the anchor
// product on a line without that property. A bundle qualifies when the anchor is in the cart and
// enough distinct complement products for it are too, each one on the anchor's allowed list in the
// configuration: the property alone proves nothing (a shopper can set any property), the list the
// app wrote does. Each qualifying bundle discounts ONE unit of the anchor line and of one line per
// complement product (a bundle is one of each; extra units pay full price), once per anchor.
// Pure and synchronous: no imports, so Shopify's toolchain and the tests run the same code.

/**
 * The configuration the app writes to the discount's metafield $app:encore/bundle-config
 * (app/cross-sell/bundle-discount.ts builds it). Product ids are numeric strings to keep it small.
 * @typedef {{
 *   kind: "percentage" | "fixed",
 *   percentage?: number,
 *   amountCents?: number,
 *   currencyDecimals?: number,
 *   requireAll?: boolean,
 *   minComplements: number,
 *   bundles: Record<string, string[]>,
 * }} BundleConfig
 */

/**
 * @typedef {{
 *   id: string,
 *   quantity: number,
 *   anchor?: { value?: string | null } | null,
 *   cost: { amountPerQuantity: { amount: string | number } },
 *   merchandise: { __typename?: string, id?: string, product?: { id: string } },
 * }} InputLine
 * @typedef {{
 *   cart: { lines: InputLine[] },
 *   discount: { discountClasses: string[], metafield?: { jsonValue?: unknown } | null },
 *   presentmentCurrencyRate?: string | number,
 * }} CartInput
 * @typedef {{ cartLine: { id: string, quantity: number } }} Target
 * @typedef {{
 *   message: string,
 *   targets: Target[],
 *   value: { percentage: { value: number } } | { fixedAmount: { amount: number, appliesToEachItem: boolean } },
 * }} Candidate
 * @typedef {{ operations: { productDiscountsAdd: { candidates: Candidate[], selectionStrategy: "ALL" } }[] }} RunResult
 */

/** @type {RunResult} */
const NO_DISCOUNT = { operations: [] };

/** "gid://shopify/Product/123" or "123" -> "123"; anything else -> null. */
function numericId(value) {
  if (typeof value !== "string") return null;
  const match = /^(?:gid:\/\/shopify\/Product\/)?(\d+)$/.exec(value.trim());
  return match ? match[1] : null;
}

/**
 * The configuration, or null when it is missing or not what the app writes (then nothing is
 * discounted: a broken configuration must never turn into a discount).
 * @param {unknown} raw
 * @returns {BundleConfig | null}
 */
export function parseBundleConfig(raw) {
  if (!raw || typeof raw !== "object") return null;
  const config = /** @type {Record<string, unknown>} */ (raw);
  const min = config.minComplements;
  if (typeof min !== "number" || !Number.isInteger(min) || min < 1) return null;
  if (!config.bundles || typeof config.bundles !== "object") return null;
  if (config.kind === "percentage") {
    const p = config.percentage;
    if (typeof p !== "number" || !(p > 0 && p <= 100)) return null;
  } else if (config.kind === "fixed") {
    const a = config.amountCents;
    if (typeof a !== "number" || !Number.isInteger(a) || a <= 0) return null;
  } else {
    return null;
  }
  return /** @type {BundleConfig} */ (config);
}

/** Rounds to the currency's minor unit (Decimal output; avoids 0.1 + 0.2 noise). */
function roundMoney(amount, decimals) {
  const scale = 10 ** decimals;
  return Math.round(amount * scale) / scale;
}

/**
 * @param {CartInput} input
 * @returns {RunResult}
 */
export function cartLinesDiscountsGenerateRun(input) {
  if (!input.discount.discountClasses.includes("PRODUCT")) return NO_DISCOUNT;
  const config = parseBundleConfig(input.discount.metafield?.jsonValue);
  if (!config) return NO_DISCOUNT;

  /** @type {Map<string, InputLine>} anchor product id -> its first line without the property */
  const anchorLines = new Map();
  /** @type {Map<string, Map<string, InputLine>>} anchor id -> complement product id -> first line */
  const complementLines = new Map();
  for (const line of input.cart.lines) {
    const productId = numericId(line.merchandise?.product?.id);
    if (!productId || line.quantity < 1) continue;
    const anchorValue = line.anchor?.value;
    if (anchorValue === undefined || anchorValue === null || anchorValue === "") {
      if (!anchorLines.has(productId)) anchorLines.set(productId, line);
      continue;
    }
    const anchorId = numericId(anchorValue);
    if (!anchorId || anchorId === productId) continue;
    const allowed = config.bundles[anchorId];
    if (!Array.isArray(allowed) || !allowed.includes(productId)) continue; // forged or stale: ignored
    const forAnchor = complementLines.get(anchorId) ?? new Map();
    if (!forAnchor.has(productId)) forAnchor.set(productId, line);
    complementLines.set(anchorId, forAnchor);
  }

  const rate = Number(input.presentmentCurrencyRate ?? 1) || 1;
  /** @type {Candidate[]} */
  const candidates = [];
  for (const [anchorId, complements] of complementLines) {
    const anchorLine = anchorLines.get(anchorId);
    if (!anchorLine) continue;
    const allowed = config.bundles[anchorId];
    const required = config.requireAll ? allowed.length : config.minComplements;
    if (complements.size < required || complements.size === 0) continue;

    const lines = [anchorLine, ...complements.values()];
    const targets = lines.map((line) => ({ cartLine: { id: line.id, quantity: 1 } }));
    if (config.kind === "percentage") {
      candidates.push({ message: `Bundle: ${config.percentage}% off`, targets, value: { percentage: { value: /** @type {number} */ (config.percentage) } } });
    } else {
      // One amount spread over the bundle's units, never more than what they cost.
      const bundleValue = lines.reduce((sum, line) => sum + Number(line.cost.amountPerQuantity.amount), 0);
      // amountCents is in the shop's currency minor units; the cart may be in another currency.
      const decimals = config.currencyDecimals === 0 ? 0 : 2;
      const amountOff = (/** @type {number} */ (config.amountCents) / 10 ** decimals) * rate;
      const amount = Math.min(roundMoney(amountOff, decimals), roundMoney(bundleValue, decimals));
      if (amount <= 0) continue;
      candidates.push({ message: "Bundle discount", targets, value: { fixedAmount: { amount, appliesToEachItem: false } } });
    }
  }
  if (candidates.length === 0) return NO_DISCOUNT;
  // ALL: every qualifying bundle gets its own candidate applied (a line belongs to one bundle).
  return { operations: [{ productDiscountsAdd: { candidates, selectionStrategy: "ALL" } }] };
}
