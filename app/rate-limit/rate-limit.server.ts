import { json } from "@remix-run/node";
import type { Database } from "../db.server";
import { env } from "../env.server";
import { isUniqueViolation } from "../flows/flows.server";
import { MemoryWindows, minuteOf, secondsToNextMinute, shopperKey, type StorefrontLimits } from "./rate-limit";

/**
 * The app proxy's rate limits, applied by the storefront routes right after the signature check
 * (an unsigned request never reaches a counter). Writes (redeem, cancel, events) are counted in
 * the database, so the limit holds whichever process answers; reads are counted per process in
 * memory, so the recommendations hot path gains no query (ADR 016).
 */
export const storefrontLimits = (): StorefrontLimits => ({
  shopperWritesPerMinute: env.RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE,
  shopWritesPerMinute: env.RATE_LIMIT_SHOP_WRITES_PER_MINUTE,
  shopperReadsPerMinute: env.RATE_LIMIT_SHOPPER_READS_PER_MINUTE,
});

function shopperOf(request: Request, shop: string): string | null {
  const customerId = new URL(request.url).searchParams.get("logged_in_customer_id") || null;
  return shopperKey(shop, customerId, request.headers.get("x-forwarded-for"), env.RATE_LIMIT_PROXY_HOPS);
}

/** The 429: how long to wait, in the header and in words. */
export function tooManyRequests(now: Date): Response {
  const seconds = secondsToNextMinute(now);
  return json(
    { error: "rate-limited", message: `Too many requests. Please wait ${seconds} ${seconds === 1 ? "second" : "seconds"} and try again.` },
    { status: 429, headers: { "Retry-After": String(seconds), "Cache-Control": "private, no-store" } },
  );
}

/**
 * Counts one request in a key's window unless it is already at `limit`: a conditional increment
 * (of two processes at the limit, one matches), the window's row created by the first request of
 * the minute. The same pattern as the flows' send rate (send-rate.server.ts).
 */
export async function takeWindowSlot(db: Database, key: string, now: Date, limit: number): Promise<boolean> {
  const minute = minuteOf(now);
  for (let attempt = 0; attempt < 3; attempt++) {
    const { count } = await db.rateLimitWindow.updateMany({ where: { key, minute, count: { lt: limit } }, data: { count: { increment: 1 } } });
    if (count === 1) return true;
    const window = await db.rateLimitWindow.findUnique({ where: { key_minute: { key, minute } }, select: { count: true } });
    if (window && window.count >= limit) return false;
    if (window) continue; // opened by another request since the update: count there
    try {
      await db.rateLimitWindow.create({ data: { key, minute, count: 1 } });
      return limit >= 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another process opened the window first: count there
    }
  }
  return false;
}

/** A storefront write: null to go on, or the 429 to answer. The shopper's limit first, then the shop's. */
export async function limitStorefrontWrite(db: Database, request: Request, shop: string, now = new Date()): Promise<Response | null> {
  const limits = storefrontLimits();
  const shopper = shopperOf(request, shop);
  if (shopper && !(await takeWindowSlot(db, `${shopper}:w`, now, limits.shopperWritesPerMinute))) return tooManyRequests(now);
  if (!(await takeWindowSlot(db, `shop:${shop}:w`, now, limits.shopWritesPerMinute))) return tooManyRequests(now);
  return null;
}

const reads = new MemoryWindows();

/** A storefront read: null to go on, or the 429. Per process; nothing counted for an unknown shopper. */
export function limitStorefrontRead(request: Request, shop: string, now = new Date()): Response | null {
  const shopper = shopperOf(request, shop);
  if (shopper && !reads.take(shopper, storefrontLimits().shopperReadsPerMinute, now)) return tooManyRequests(now);
  return null;
}

/** Windows older than an hour are history (the background sweep calls this). */
export async function forgetOldRateLimitWindows(db: Database, now = new Date()): Promise<void> {
  await db.rateLimitWindow.deleteMany({ where: { minute: { lt: minuteOf(new Date(now.getTime() - 3_600_000)) } } });
}
