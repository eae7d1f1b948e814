// Time in the demo shop: when people shop (hour of day, season) and how demand grows.
import type { Random } from "./random";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

// America/New_York on standard time. Being an hour off in summer does not matter for seed data.
const SHOP_UTC_OFFSET_MS = -5 * HOUR_MS;

function shopDate(ms: number): Date {
  return new Date(ms + SHOP_UTC_OFFSET_MS);
}

/** Month 1-12 in shop time. */
export function shopMonth(ms: number): number {
  return shopDate(ms).getUTCMonth() + 1;
}

/** November up to Christmas Eve: gift shopping. */
export function isHolidaySeason(ms: number): boolean {
  const date = shopDate(ms);
  const month = date.getUTCMonth() + 1;
  return month === 11 || (month === 12 && date.getUTCDate() <= 24);
}

export function monthsBefore(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.getTime();
}

// Relative order volume by month (January first): quiet summer, a big Nov-Dec gift season.
const MONTH_DEMAND = [0.85, 0.8, 0.9, 0.95, 1, 0.9, 0.85, 0.9, 1, 1.05, 1.6, 1.9];

/** How busy the shop is on this day relative to an ordinary one. */
export function seasonalDemand(ms: number): number {
  const date = shopDate(ms);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  let demand = MONTH_DEMAND[month - 1];
  // Black Friday through mid-December is the peak; the days after Christmas are dead.
  if ((month === 11 && day >= 24) || (month === 12 && day <= 15)) demand *= 1.4;
  if (month === 12 && day >= 25) demand *= 0.5;
  return demand;
}

// Share of orders per hour of day, shop time (0 = midnight): mornings, lunch and evenings.
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3.5, 3.5, 3.5, 4, 4, 3.5, 3, 3, 3, 3.5, 4.5, 5, 4.5, 3, 2];
const HOURS = HOUR_WEIGHTS.map((_, hour) => hour);

/** A moment on the same shop-time day as `ms`, at an hour when people shop. */
export function atShoppingHour(ms: number, random: Random): number {
  const shopDayStart = Math.floor((ms + SHOP_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - SHOP_UTC_OFFSET_MS;
  const hour = random.weighted(HOURS, (h) => HOUR_WEIGHTS[h]);
  return shopDayStart + hour * HOUR_MS + random.int(0, 3599) * 1000;
}

/**
 * A random moment in [startMs, endMs) drawn in proportion to demand: the shop grows over time
 * (twice as busy at the end as at the start) and has its seasons.
 */
function randomDemandTime(startMs: number, endMs: number, random: Random): number {
  const maxDemand = 2 * 1.9 * 1.4;
  for (;;) {
    const ms = random.between(startMs, endMs);
    const growth = 1 + (ms - startMs) / (endMs - startMs);
    if (random.next() * maxDemand < growth * seasonalDemand(ms)) return Math.floor(ms);
  }
}

/** A moment in [startMs, endMs] when someone might check out: by demand, at a shopping hour. */
export function randomShoppingMoment(startMs: number, endMs: number, random: Random): number {
  for (;;) {
    const ms = atShoppingHour(randomDemandTime(startMs, endMs, random), random);
    if (ms >= startMs && ms <= endMs) return ms;
  }
}

/** ISO-8601 UTC, whole seconds like Shopify's timestamps. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}
