// Money at the GraphQL edge. The store keeps integer minor units; Shopify sends strings:
// the `Money` scalar (ProductVariant.price) with the currency's decimals ("12.50"), and
// `MoneyV2.amount` (`Decimal`) the way Shopify's Ruby BigDecimal prints it ("12.5", "10.0").

// ISO 4217 minor-unit exponents that are not 2 (only the ones a test shop could plausibly use).
const CURRENCY_DECIMALS: Record<string, number> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3,
};

export function currencyDecimals(currencyCode: string): number {
  return CURRENCY_DECIMALS[currencyCode] ?? 2;
}

/** Minor units to a fixed-decimals string: 1250 USD -> "12.50". */
export function formatMoney(minorUnits: number, currencyCode: string): string {
  const decimals = currencyDecimals(currencyCode);
  const sign = minorUnits < 0 ? "-" : "";
  const abs = Math.abs(Math.round(minorUnits));
  if (decimals === 0) return `${sign}${abs}`;
  const factor = 10 ** decimals;
  const whole = Math.floor(abs / factor);
  const fraction = String(abs % factor).padStart(decimals, "0");
  return `${sign}${whole}.${fraction}`;
}

/** Minor units to Shopify's Decimal text: 1250 -> "12.5", 1000 -> "10.0", 1299 -> "12.99". */
export function formatDecimal(minorUnits: number, currencyCode: string): string {
  const fixed = formatMoney(minorUnits, currencyCode);
  if (!fixed.includes(".")) return `${fixed}.0`;
  return fixed.replace(/0+$/, "").replace(/\.$/, ".0");
}

export function moneyV2(minorUnits: number, currencyCode: string) {
  return { amount: formatDecimal(minorUnits, currencyCode), currencyCode };
}

/** Shop and presentment money are the same here: the sandbox shop sells in one currency. */
export function moneyBag(minorUnits: number, currencyCode: string) {
  const money = moneyV2(minorUnits, currencyCode);
  return { shopMoney: money, presentmentMoney: money };
}

/**
 * Parses a Decimal/Money input ("12.5", 12.5, "12") into minor units; null if it is not a
 * plain non-exponent number. Done on the string so 0.1 + 0.2 style float noise cannot creep in.
 */
export function parseMoneyToMinorUnits(value: unknown, currencyCode: string): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : null;
  if (text === null) return null;
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const decimals = currencyDecimals(currencyCode);
  const fraction = (match[3] ?? "").padEnd(decimals + 1, "0");
  const kept = Number(match[2]) * 10 ** decimals + (decimals > 0 ? Number(fraction.slice(0, decimals)) : 0);
  const roundUp = Number(fraction[decimals]) >= 5 ? 1 : 0; // half-up on the first dropped digit
  const minor = kept + roundUp;
  return match[1] === "-" ? -minor : minor;
}
