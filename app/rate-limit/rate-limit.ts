/**
 * The app proxy's rate limits (docs/decisions/016-storefront-rate-limits.md), the parts that need
 * neither a database nor Remix: who a request is, fixed one-minute windows, and the per-process
 * counter the read endpoints use.
 */

export interface StorefrontLimits {
  /** Redeem, cancel and event batches per shopper per minute (counted in the database). */
  shopperWritesPerMinute: number;
  /** The same, all shoppers of a shop together. */
  shopWritesPerMinute: number;
  /** Reads (recommendations, loyalty, customer) per shopper per minute, per process. */
  shopperReadsPerMinute: number;
}

/** "YYYY-MM-DDTHH:MM" (UTC): the window a time falls in. */
export const minuteOf = (now: Date) => now.toISOString().slice(0, 16);

/** Whole seconds until the window of `now` ends (what Retry-After says): 1 to 60. */
export function secondsToNextMinute(now: Date): number {
  return Math.max(1, Math.ceil((60_000 - (now.getTime() % 60_000)) / 1000));
}

/**
 * Who is asking: the logged-in customer (Shopify's signed query), else the shopper's IP as
 * Shopify's proxy reports it in X-Forwarded-For: the rightmost address, which Shopify appended
 * and a client cannot forge (addresses to its left are whatever the client sent), after skipping
 * `trustedHops` addresses appended by the app's own load balancers. Null when neither is known:
 * then only the shop's limit applies.
 */
export function shopperKey(shop: string, customerId: string | null, forwardedFor: string | null, trustedHops = 0): string | null {
  if (customerId && /^\d{1,20}$/.test(customerId)) return `shopper:${shop}:c${customerId}`;
  const addresses = (forwardedFor ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const address = addresses[addresses.length - 1 - trustedHops];
  if (!address || address.length > 64 || !/^[0-9a-fA-F.:]+$/.test(address)) return null;
  return `shopper:${shop}:ip${address}`;
}

/**
 * Fixed one-minute windows kept in this process's memory: a Map lookup per request, nothing
 * shared. Above `maxKeys` keys in one minute, new keys are not counted (an attack with that many
 * addresses is met by the shop's write limit and the hosting's own defences, not by this map).
 */
export class MemoryWindows {
  private minute = "";
  private counts = new Map<string, number>();
  constructor(private readonly maxKeys = 100_000) {}

  /** Counts the request; false when the key is already at `limit` this minute. */
  take(key: string, limit: number, now: Date): boolean {
    const minute = minuteOf(now);
    if (minute !== this.minute) {
      this.minute = minute;
      this.counts = new Map();
    }
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return false;
    if (count === 0 && this.counts.size >= this.maxKeys) return true;
    this.counts.set(key, count + 1);
    return true;
  }
}
