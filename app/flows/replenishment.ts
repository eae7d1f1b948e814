/**
 * Replenishment: when will a customer run out of what they bought? Pure functions, no clock, no
 * database: the flow enrolment (replenishment.server.ts) and the evaluation
 * (scripts/eval-replenish.ts) feed them purchases. See docs/decisions/014-replenishment.md.
 *
 * A product's use cycle is learned from the shop's repeat purchases: for each customer, the time
 * from one purchase of the product to the next, divided by how many "usual purchases" the first
 * one was (two bottles where one is usual last about twice as long), is one observation. The
 * product's cycle is the median of its observations (robust to the customer who forgot for a
 * year), shrunk towards its product type's (itself shrunk towards the shop's) when it has few. A
 * customer's own median of the product is shrunk towards the product's cycle. How strongly each
 * level is shrunk, and how much quantity stretches a cycle, are learned from the shop's data
 * (learnShrinkage, learnQuantityExponent): where products or customers do not really differ, the
 * prediction falls back to the pooled value instead of chasing noise.
 */

export const DAY_MS = 86_400_000;

export interface Purchase {
  at: Date;
  quantity: number;
}

/** What Encore learns about the shop as a whole (see shopFit), or the defaults when data is thin. */
export interface ShopFit {
  /** Observations a product's median must have to weigh as much as its type's (k in shrink()). */
  product: number;
  /** Observations of a customer's own median that weigh as much as the product's cycle. */
  own: number;
  /** A cycle scales with (quantity / usual quantity)^exponent: 1 = twice as much lasts twice as long. */
  quantityExponent: number;
}

export interface ReplenishmentParams {
  /** A product type (or the shop) needs this many observations to serve as a prior. */
  minPriorObservations: number;
  /**
   * A product without a single repeat purchase is no consumable once this many customers have
   * bought it; with fewer buyers it is too new to tell and borrows its type's cycle.
   */
  oneTimeBuyersForNoCycle: number;
  /** Purchases closer than this (days) are one purchase (a second order to add something). */
  mergeWithinDays: number;
  /** Used when the shop's data is too thin to learn the fit. */
  defaultFit: ShopFit;
}

export const DEFAULT_REPLENISHMENT: ReplenishmentParams = {
  minPriorObservations: 5,
  oneTimeBuyersForNoCycle: 10,
  mergeWithinDays: 1,
  // One own observation weighs as much as the product's cycle, two weigh more.
  defaultFit: { product: 3, own: 1, quantityExponent: 1 },
};

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const shrink = (own: number, n: number, prior: number, k: number) => (n * own + k * prior) / (n + k);

/** One customer's purchases of one product in time order, same-day ones merged (quantities add up). */
export function mergePurchases(purchases: readonly Purchase[], params: Pick<ReplenishmentParams, "mergeWithinDays"> = DEFAULT_REPLENISHMENT): Purchase[] {
  const sorted = [...purchases].filter((p) => p.quantity > 0).sort((a, b) => a.at.getTime() - b.at.getTime());
  const merged: Purchase[] = [];
  for (const purchase of sorted) {
    const last = merged[merged.length - 1];
    if (last && purchase.at.getTime() - last.at.getTime() < params.mergeWithinDays * DAY_MS) last.quantity += purchase.quantity;
    else merged.push({ at: purchase.at, quantity: purchase.quantity });
  }
  return merged;
}

/**
 * How many "usual purchases" a quantity is, relative to the product's typical quantity (a tank of
 * fuel is 12 gallons, not 12 purchases), bounded to 1/4..4 so an odd bulk buy cannot send the
 * reminder a year out.
 */
export function quantityRatio(quantity: number, typicalQuantity: number): number {
  return Math.min(4, Math.max(0.25, quantity / Math.max(typicalQuantity, Number.EPSILON)));
}

export interface Interval {
  /** Days from one purchase to the next. */
  days: number;
  /** quantityRatio of the first of the two purchases. */
  ratio: number;
}

/** The intervals between consecutive purchases of one customer (time-ordered, merged). */
export function intervals(merged: readonly Purchase[], typicalQuantity: number): Interval[] {
  const result: Interval[] = [];
  for (let i = 1; i < merged.length; i++) {
    result.push({ days: (merged[i].at.getTime() - merged[i - 1].at.getTime()) / DAY_MS, ratio: quantityRatio(merged[i - 1].quantity, typicalQuantity) });
  }
  return result;
}

/** Days one usual purchase lasted. */
export const perUsualPurchase = (interval: Interval, quantityExponent: number) => interval.days / interval.ratio ** quantityExponent;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * How much to trust a group's own median against the pooled one, learned from the shop's data
 * (empirical Bayes, in log space): k = within-group variance / between-group variance. When groups
 * (products, or customers of a product) really differ, k is small and a few observations decide;
 * when their differences are no larger than the noise, k is large and the pooled value wins.
 * Null when there are too few groups to tell.
 */
export function learnShrinkage(groups: readonly (readonly number[])[], minGroups = 5): number | null {
  const logs = groups.map((group) => group.filter((x) => x > 0 && Number.isFinite(x)).map(Math.log)).filter((group) => group.length > 0);
  const repeated = logs.filter((group) => group.length >= 2);
  if (repeated.length < minGroups) return null;
  let squares = 0;
  let freedom = 0;
  for (const group of repeated) {
    const m = mean(group);
    for (const x of group) squares += (x - m) ** 2;
    freedom += group.length - 1;
  }
  const within = squares / freedom;
  if (within <= 0) return 0.5;
  const means = logs.map(mean);
  const grand = mean(means);
  const spread = means.reduce((a, m) => a + (m - grand) ** 2, 0) / Math.max(1, means.length - 1);
  const between = spread - mean(logs.map((group) => within / group.length));
  if (between <= within / 1000) return 1000;
  return Math.min(1000, Math.max(0.5, within / between));
}

/**
 * How much buying more stretches the interval, learned from the shop: the slope of log(interval /
 * the product's median interval) on log(quantity ratio), over intervals after an unusual
 * quantity, bounded to 0..1. Null with fewer than `minObservations` such intervals.
 */
export function learnQuantityExponent(observations: readonly { ratio: number; relative: number }[], minObservations = 30): number | null {
  const points = observations.filter((o) => o.ratio !== 1 && o.relative > 0 && Number.isFinite(o.relative)).map((o) => ({ x: Math.log(o.ratio), y: Math.log(o.relative) }));
  if (points.length < minObservations) return null;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
  return Math.min(1, Math.max(0, slope));
}

/**
 * The shop's fit from its repeat purchases: every customer's intervals of every product (with
 * the product), each product's median raw interval known.
 */
export function shopFit(pairs: readonly { productId: string; intervals: readonly Interval[] }[], params: ReplenishmentParams = DEFAULT_REPLENISHMENT): ShopFit {
  const rawByProduct = new Map<string, number[]>();
  for (const { productId, intervals: list } of pairs) {
    const raw = rawByProduct.get(productId) ?? [];
    for (const interval of list) raw.push(interval.days);
    rawByProduct.set(productId, raw);
  }
  const rawMedian = new Map([...rawByProduct].map(([productId, raw]) => [productId, median(raw)!]));
  const quantityExponent =
    learnQuantityExponent(pairs.flatMap(({ productId, intervals: list }) => list.map((i) => ({ ratio: i.ratio, relative: i.days / rawMedian.get(productId)! })))) ??
    params.defaultFit.quantityExponent;
  const perProduct = new Map<string, number[]>();
  for (const { productId, intervals: list } of pairs) {
    const values = perProduct.get(productId) ?? [];
    for (const interval of list) values.push(perUsualPurchase(interval, quantityExponent));
    perProduct.set(productId, values);
  }
  const productMedian = new Map([...perProduct].map(([productId, values]) => [productId, median(values)!]));
  // A customer's intervals relative to the product's median: products' differences do not count.
  const own = learnShrinkage(pairs.map(({ productId, intervals: list }) => list.map((i) => perUsualPurchase(i, quantityExponent) / productMedian.get(productId)!)));
  return { product: learnShrinkage([...perProduct.values()]) ?? params.defaultFit.product, own: own ?? params.defaultFit.own, quantityExponent };
}

export interface ProductEvidence {
  /** The median quantity of one purchase of the product. */
  typicalQuantity: number;
  /** Days per usual purchase (all customers' intervals of the product). */
  intervals: readonly number[];
  /** How many customers bought it. */
  buyers: number;
  /** Days per usual purchase of the product's type (all its products), or null when it has none. */
  typeIntervals: readonly number[] | null;
  /** Days per usual purchase in the whole shop (the last prior). */
  shopIntervals: readonly number[];
  fit: ShopFit;
}

export interface ProductCycle {
  /** Days one usual purchase (typicalQuantity) lasts. */
  daysPerUnit: number;
  typicalQuantity: number;
  /** product: its own median (with a prior's pull when it has few); type: borrowed, no repeat yet. */
  source: "product" | "type";
  observations: number;
  fit: ShopFit;
}

/**
 * The product's use cycle, or null: a product nobody buys again (many buyers, no repeats) is no
 * consumable, and a product with no observations and no type to borrow from has no prediction.
 * Its median is shrunk towards its type's, itself shrunk towards the shop's.
 */
export function productCycle(evidence: ProductEvidence, params: ReplenishmentParams = DEFAULT_REPLENISHMENT): ProductCycle | null {
  const k = evidence.fit.product;
  const shopMedian = evidence.shopIntervals.length >= params.minPriorObservations ? median(evidence.shopIntervals) : null;
  const typeIntervals = evidence.typeIntervals ?? [];
  const typeMedian = typeIntervals.length >= params.minPriorObservations ? median(typeIntervals)! : null;
  const typePrior = typeMedian === null ? null : shopMedian === null ? typeMedian : shrink(typeMedian, typeIntervals.length, shopMedian, k);
  const own = median(evidence.intervals);
  const n = evidence.intervals.length;
  const base = { typicalQuantity: evidence.typicalQuantity, fit: evidence.fit };
  if (own === null) {
    if (typePrior === null || evidence.buyers >= params.oneTimeBuyersForNoCycle) return null;
    return { ...base, daysPerUnit: typePrior, source: "type", observations: 0 };
  }
  const prior = typePrior ?? shopMedian;
  return { ...base, daysPerUnit: prior === null ? own : shrink(own, n, prior, k), source: "product", observations: n };
}

export interface RunOutPrediction {
  /** When the last purchase is expected to run out (the next purchase is due). */
  runOutAt: Date;
  lastPurchaseAt: Date;
  /** The quantity of that purchase (merged with same-day ones). */
  lastQuantity: number;
  daysPerUnit: number;
  /** The customer's own repeat purchases that went into it. */
  ownObservations: number;
}

/**
 * A customer's run-out date of a product: their last purchase plus the days its quantity lasts, at
 * their own median rate shrunk towards the product's cycle.
 */
export function predictRunOut(history: readonly Purchase[], cycle: ProductCycle, params: ReplenishmentParams = DEFAULT_REPLENISHMENT): RunOutPrediction | null {
  const merged = mergePurchases(history, params);
  const last = merged[merged.length - 1];
  if (!last) return null;
  const exponent = cycle.fit.quantityExponent;
  const own = intervals(merged, cycle.typicalQuantity).map((i) => perUsualPurchase(i, exponent));
  const ownMedian = median(own);
  const daysPerUnit = ownMedian === null ? cycle.daysPerUnit : shrink(ownMedian, own.length, cycle.daysPerUnit, cycle.fit.own);
  const lasts = daysPerUnit * quantityRatio(last.quantity, cycle.typicalQuantity) ** exponent;
  return { runOutAt: new Date(last.at.getTime() + lasts * DAY_MS), lastPurchaseAt: last.at, lastQuantity: last.quantity, daysPerUnit, ownObservations: own.length };
}

export interface LinePurchase extends Purchase {
  customerId: string;
  productId: string;
}

/**
 * Evidence for every product in the shop's purchases (order lines of many customers): what
 * productCycle needs, with the shop's fit learned from the same lines.
 */
export function gatherEvidence(
  lines: readonly LinePurchase[],
  typeOf: (productId: string) => string | null,
  params: ReplenishmentParams = DEFAULT_REPLENISHMENT,
): Map<string, ProductEvidence> {
  const byPair = new Map<string, { productId: string; purchases: Purchase[] }>();
  for (const line of lines) {
    const key = `${line.productId}\u0000${line.customerId}`;
    const entry = byPair.get(key) ?? { productId: line.productId, purchases: [] };
    entry.purchases.push({ at: line.at, quantity: line.quantity });
    byPair.set(key, entry);
  }
  const merged = [...byPair.values()].map(({ productId, purchases }) => ({ productId, purchases: mergePurchases(purchases, params) }));
  const quantities = new Map<string, number[]>();
  const buyers = new Map<string, number>();
  for (const { productId, purchases } of merged) {
    const list = quantities.get(productId) ?? [];
    for (const purchase of purchases) list.push(purchase.quantity);
    quantities.set(productId, list);
    buyers.set(productId, (buyers.get(productId) ?? 0) + 1);
  }
  const typical = new Map([...quantities].map(([productId, list]) => [productId, median(list) ?? 1]));
  const pairs = merged.map(({ productId, purchases }) => ({ productId, intervals: intervals(purchases, typical.get(productId)!) }));
  const fit = shopFit(pairs, params);
  const perProduct = new Map<string, number[]>();
  const perType = new Map<string, number[]>();
  const shop: number[] = [];
  for (const { productId, intervals: list } of pairs) {
    const values = list.map((i) => perUsualPurchase(i, fit.quantityExponent));
    const productValues = perProduct.get(productId) ?? [];
    productValues.push(...values);
    perProduct.set(productId, productValues);
    const type = typeOf(productId);
    if (type) {
      const typeValues = perType.get(type) ?? [];
      typeValues.push(...values);
      perType.set(type, typeValues);
    }
    shop.push(...values);
  }
  const evidence = new Map<string, ProductEvidence>();
  for (const [productId, values] of perProduct) {
    const type = typeOf(productId);
    evidence.set(productId, {
      typicalQuantity: typical.get(productId)!,
      intervals: values,
      buyers: buyers.get(productId)!,
      typeIntervals: type ? (perType.get(type) ?? null) : null,
      shopIntervals: shop,
      fit,
    });
  }
  return evidence;
}

/** A customer's purchase of a product, with the order it was in. */
export interface OrderPurchase extends Purchase {
  orderId: string;
}

export interface ReplenishmentPlan {
  /** The reminder to have for the latest purchase (its run's trigger time is the run-out date). */
  schedule: { orderId: string; triggerKey: string; runOutAt: Date } | null;
  /** Active reminders of earlier purchases: the customer bought the product again since. */
  cancel: { runId: string; reason: string }[];
}

export const replenishmentTriggerKey = (productId: string, orderId: string) => `replenish:${productId}:${orderId}`;
export const replenishmentTriggerPrefix = (productId: string) => `replenish:${productId}:`;

/** The product and order of a replenishment run's trigger key; null for another trigger. */
export function parseReplenishmentTriggerKey(triggerKey: string): { productId: string; orderId: string } | null {
  const match = /^replenish:([^:]+):(.+)$/.exec(triggerKey);
  return match ? { productId: match[1], orderId: match[2] } : null;
}

/**
 * What a customer's reminders for one product should be, given all their (paid, not cancelled)
 * purchases of it: exactly one, for the latest purchase, due at its predicted run-out; every
 * active reminder of an earlier purchase is cancelled (they bought it again, so the old date is
 * moot). A product with no cycle gets no reminder. Idempotent: the same purchases and runs give
 * the same plan, and the trigger key names the order, so a replayed webhook schedules nothing new.
 */
export function planReplenishment(
  productId: string,
  purchases: readonly OrderPurchase[],
  cycle: ProductCycle | null,
  activeRuns: readonly { id: string; orderId: string }[],
  params: ReplenishmentParams = DEFAULT_REPLENISHMENT,
): ReplenishmentPlan {
  const latest = [...purchases].sort((a, b) => b.at.getTime() - a.at.getTime() || b.orderId.localeCompare(a.orderId))[0];
  if (!latest) return { schedule: null, cancel: [] };
  const prediction = cycle ? predictRunOut(purchases, cycle, params) : null;
  const schedule = prediction ? { orderId: latest.orderId, triggerKey: replenishmentTriggerKey(productId, latest.orderId), runOutAt: prediction.runOutAt } : null;
  const cancel = activeRuns
    .filter((run) => run.orderId !== latest.orderId)
    .map((run) => ({ runId: run.id, reason: schedule ? "Bought again: the reminder was re-planned from the new order" : "Bought again: no reminder for this product now" }));
  return { schedule, cancel };
}
