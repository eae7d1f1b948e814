/**
 * RFM scoring, the named segments and the activity view. Pure: callers pass one summary per
 * customer; docs/metrics.md explains every rule here in plain words.
 */

export interface CustomerSummary {
  customerId: string;
  firstOrderAt: Date;
  lastOrderAt: Date;
  /** Orders that were not cancelled. */
  orderCount: number;
  /** Net spend: order totals minus refunds, cancelled orders left out. */
  netCents: number;
}

export type Score = 1 | 2 | 3 | 4 | 5;

export const SEGMENTS = [
  "Champions",
  "Loyal",
  "Potential loyalists",
  "New",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Can't lose them",
  "Hibernating",
  "Lost",
] as const;
export type Segment = (typeof SEGMENTS)[number];

export type Activity = "new" | "active" | "leaving" | "sleeping";

export interface ActivityThresholds {
  /** First order at most this many days ago: "new". */
  newDays: number;
  /** Last order at most this many days ago: "active". */
  activeDays: number;
  /** Last order at most this many days ago (and more than activeDays): "leaving"; older: "sleeping". */
  leavingDays: number;
}

export const DEFAULT_ACTIVITY_THRESHOLDS: ActivityThresholds = { newDays: 30, activeDays: 90, leavingDays: 180 };

export interface RfmScore {
  customerId: string;
  recencyDays: number;
  r: Score;
  f: Score;
  m: Score;
  /** round-half-up of (f + m) / 2: how much the customer buys, on one scale. */
  fm: Score;
  segment: Segment;
  activity: Activity;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (0 on the same day and for a time later than `to`). */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/**
 * Quintile scores by mid-rank: a value's percentile is (customers strictly worse + half of those
 * equal) / all customers, and the score is 1 + floor(5 × percentile), capped at 5. Customers with
 * equal values therefore always get the same score, the order of the input never matters, a lone
 * customer (or a shop where everyone is equal) scores 3, and fewer than 5 customers spread over
 * the scale without needing five groups.
 */
export function quintileScores(values: number[], higherIsBetter: boolean): Score[] {
  const n = values.length;
  if (n === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const lowerBound = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const upperBound = (v: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return values.map((v) => {
    const less = lowerBound(v);
    const equal = upperBound(v) - less;
    const worse = higherIsBetter ? less : n - less - equal;
    const percentile = (worse + equal / 2) / n;
    return Math.min(5, 1 + Math.floor(5 * percentile)) as Score;
  });
}

/**
 * The R × FM grid (rows R, columns FM):
 *   R 5: FM 1 New, FM 2-3 Potential loyalists, FM 4-5 Champions
 *   R 4: FM 1 Promising, FM 2-3 Potential loyalists, FM 4-5 Loyal
 *   R 3: FM 1-2 About to sleep, FM 3 Need attention, FM 4-5 Loyal
 *   R 1-2: FM 1-2 Hibernating (R 1 and FM 1: Lost), FM 3-4 At risk, FM 5 Can't lose them
 */
export function segmentOf(r: Score, fm: Score): Segment {
  if (r >= 4) {
    if (fm === 1) return r === 5 ? "New" : "Promising";
    if (fm <= 3) return "Potential loyalists";
    return r === 5 ? "Champions" : "Loyal";
  }
  if (r === 3) {
    if (fm <= 2) return "About to sleep";
    if (fm === 3) return "Need attention";
    return "Loyal";
  }
  if (fm === 5) return "Can't lose them";
  if (fm >= 3) return "At risk";
  return r === 1 && fm === 1 ? "Lost" : "Hibernating";
}

export function activityOf(customer: CustomerSummary, asOf: Date, thresholds: ActivityThresholds = DEFAULT_ACTIVITY_THRESHOLDS): Activity {
  if (daysBetween(customer.firstOrderAt, asOf) <= thresholds.newDays) return "new";
  const recency = daysBetween(customer.lastOrderAt, asOf);
  if (recency <= thresholds.activeDays) return "active";
  if (recency <= thresholds.leavingDays) return "leaving";
  return "sleeping";
}

/** Scores every customer of one shop against each other, as of `asOf`. */
export function scoreCustomers(customers: CustomerSummary[], asOf: Date, thresholds: ActivityThresholds = DEFAULT_ACTIVITY_THRESHOLDS): RfmScore[] {
  const recency = customers.map((c) => daysBetween(c.lastOrderAt, asOf));
  const r = quintileScores(recency, false);
  const f = quintileScores(
    customers.map((c) => c.orderCount),
    true,
  );
  const m = quintileScores(
    customers.map((c) => c.netCents),
    true,
  );
  return customers.map((customer, i) => {
    const fm = Math.floor((f[i] + m[i] + 1) / 2) as Score;
    return {
      customerId: customer.customerId,
      recencyDays: recency[i],
      r: r[i],
      f: f[i],
      m: m[i],
      fm,
      segment: segmentOf(r[i], fm),
      activity: activityOf(customer, asOf, thresholds),
    };
  });
}

/**
 * Where the scores of the last full recompute changed, so one customer can be scored between
 * recomputes without re-ranking the shop. Index i holds the boundary of score i + 2 (2..5):
 * for F and M the smallest value that scored at least that, for R the largest recency in days
 * that did (fewer days is better); null when nobody reached that score.
 */
export interface RfmBoundaries {
  recencyDays: (number | null)[];
  orderCount: (number | null)[];
  netCents: (number | null)[];
}

function boundariesOf(values: number[], scores: Score[], higherIsBetter: boolean): (number | null)[] {
  return [2, 3, 4, 5].map((score) => {
    const reaching = values.filter((_, i) => scores[i] >= score);
    if (reaching.length === 0) return null;
    return higherIsBetter ? Math.min(...reaching) : Math.max(...reaching);
  });
}

/** The boundaries of scores given by scoreCustomers to the same customers (same order). */
export function rfmBoundaries(customers: CustomerSummary[], scores: RfmScore[]): RfmBoundaries {
  return {
    recencyDays: boundariesOf(
      scores.map((s) => s.recencyDays),
      scores.map((s) => s.r),
      false,
    ),
    orderCount: boundariesOf(
      customers.map((c) => c.orderCount),
      scores.map((s) => s.f),
      true,
    ),
    netCents: boundariesOf(
      customers.map((c) => c.netCents),
      scores.map((s) => s.m),
      true,
    ),
  };
}

/** The highest score whose boundary the value reaches; 1 when it reaches none. */
export function scoreAgainst(value: number, boundaries: (number | null)[], higherIsBetter: boolean): Score {
  let score: Score = 1;
  boundaries.forEach((boundary, i) => {
    if (boundary !== null && (higherIsBetter ? value >= boundary : value <= boundary)) score = (i + 2) as Score;
  });
  return score;
}

/** One customer scored against stored boundaries (an order arrived between full recomputes). */
export function scoreOneCustomer(customer: CustomerSummary, boundaries: RfmBoundaries, asOf: Date, thresholds: ActivityThresholds = DEFAULT_ACTIVITY_THRESHOLDS): RfmScore {
  const recencyDays = daysBetween(customer.lastOrderAt, asOf);
  const r = scoreAgainst(recencyDays, boundaries.recencyDays, false);
  const f = scoreAgainst(customer.orderCount, boundaries.orderCount, true);
  const m = scoreAgainst(customer.netCents, boundaries.netCents, true);
  const fm = Math.floor((f + m + 1) / 2) as Score;
  return { customerId: customer.customerId, recencyDays, r, f, m, fm, segment: segmentOf(r, fm), activity: activityOf(customer, asOf, thresholds) };
}

/** "Can't lose them" -> "cant-lose-them": the segment in URLs and customer tags. */
export function segmentSlug(segment: Segment): string {
  return segment
    .toLowerCase()
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export function segmentFromSlug(slug: string): Segment | null {
  return SEGMENTS.find((segment) => segmentSlug(segment) === slug) ?? null;
}

/** The Shopify customer tag a segment syncs to. */
export const segmentTag = (segment: Segment) => `encore-segment-${segmentSlug(segment)}`;

export const ACTIVITIES: readonly Activity[] = ["new", "active", "leaving", "sleeping"];

/** One line per segment for the admin pages (docs/metrics.md says the same in more words). */
export const SEGMENT_DESCRIPTIONS: Record<Segment, string> = {
  Champions: "Bought recently, buy often and spend the most.",
  Loyal: "Buy often and spend a lot, not quite as recently.",
  "Potential loyalists": "Recent customers with average frequency and spend.",
  New: "Bought very recently, for the first time or little.",
  Promising: "Recent first-time or small buyers, a little less recent than New.",
  "Need attention": "Middling recency, frequency and spend.",
  "About to sleep": "Below average on everything and slipping away.",
  "At risk": "Used to buy often or spend a lot, but not lately.",
  "Can't lose them": "Were among your best customers and have not come back.",
  Hibernating: "Bought little, a long time ago.",
  Lost: "Lowest recency, frequency and spend.",
};

export const ACTIVITY_DESCRIPTIONS: Record<Activity, string> = {
  new: "First order in the last 30 days",
  active: "Ordered in the last 90 days",
  leaving: "Last order 91–180 days ago",
  sleeping: "No order for more than 180 days",
};
