/**
 * Money is integer minor units plus a currency code; Shopify sends decimal strings ("12.50").
 * Parsing is exact (no floating point), using the currency's number of decimals.
 */
const ZERO_DECIMAL_CURRENCIES = new Set(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);

export function currencyDecimals(currencyCode: string): number {
  return ZERO_DECIMAL_CURRENCIES.has(currencyCode.toUpperCase()) ? 0 : 2;
}

/** "12.5" (USD) -> 1250; "1000" (JPY) -> 1000. Throws on anything that is not a plain decimal. */
export function toMinorUnits(amount: string | number, currencyCode: string): number {
  const text = typeof amount === "number" ? amount.toFixed(currencyDecimals(currencyCode)) : amount.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`Not a money amount: "${text}"`);
  const [, minus, whole, fraction = ""] = match;
  const decimals = currencyDecimals(currencyCode);
  const kept = fraction.slice(0, decimals).padEnd(decimals, "0");
  const dropped = fraction.slice(decimals);
  let minor = Number(whole) * 10 ** decimals + Number(kept || "0");
  if (dropped && Number(dropped[0]) >= 5) minor += 1; // round half up on sub-minor digits
  return minus ? -minor : minor;
}

/** 1250 (USD) -> "12.50" */
export function fromMinorUnits(minor: number, currencyCode: string): string {
  const decimals = currencyDecimals(currencyCode);
  const sign = minor < 0 ? "-" : "";
  const absolute = Math.abs(minor);
  if (decimals === 0) return `${sign}${absolute}`;
  const whole = Math.floor(absolute / 10 ** decimals);
  const fraction = String(absolute % 10 ** decimals).padStart(decimals, "0");
  return `${sign}${whole}.${fraction}`;
}

export function formatMoney(minor: number, currencyCode: string, locale = "en-US"): string {
  const decimals = currencyDecimals(currencyCode);
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode, minimumFractionDigits: decimals }).format(
    minor / 10 ** decimals,
  );
}
