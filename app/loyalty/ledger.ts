import { currencyDecimals } from "../money/money";

/**
 * The loyalty points ledger as pure functions (no database): what entries a stored order should
 * have, how balances follow from entries, and how to check a cached balance against them.
 * Decision 009 explains the shape: append-only entries keyed by their source, balances as a cache.
 */

export interface ProgramSettings {
  enabled: boolean;
  /** Points per 1 unit of the shop currency (subtotal after discounts, no shipping or tax). */
  pointsPerUnit: number;
  /** Days after the order (or its fulfilment, if sooner) before its points can be spent. */
  pendingDays: number;
  /** When the program was turned on: orders placed before it earn nothing (null: no such limit). */
  enabledAt: Date | null;
  /** What an order earns on (see eligibleCents); absent: "subtotal". */
  earningBasis?: EarningBasis;
}

/**
 * "subtotal": Shopify's subtotal_price, after discounts, without shipping and tax (the default);
 * "total": what the customer paid, shipping and tax included.
 */
export type EarningBasis = "subtotal" | "total";

/** A shop without a saved program: off until the merchant turns it on. */
export const DEFAULT_PROGRAM: ProgramSettings = { enabled: false, pointsPerUnit: 1, pendingDays: 14, enabledAt: null };

/** `return`: a redemption's points given back (its code could not be made, or was cancelled unused). */
export type EntryKind = "earn" | "release" | "clawback" | "cancel" | "redeem" | "adjust" | "expire" | "return";

export interface LedgerEntry {
  sourceKey: string;
  kind: EntryKind;
  /** Signed change to spendable points. */
  points: number;
  /** Signed change to pending points. */
  pendingPoints: number;
  /** What a clawback was owed but could not take (the points were already spent). */
  shortfall: number;
  rate?: number | null;
  baseCents?: number | null;
  /** Earn entries: the tier earn multiplier in percent that applied (100 or absent: none). */
  multiplierPercent?: number | null;
  orderId?: string | null;
  availableAt?: Date | null;
  reason?: string | null;
}

export interface Balance {
  available: number;
  pending: number;
  lifetimeEarned: number;
  shortfall: number;
}

export const EMPTY_BALANCE: Balance = { available: 0, pending: 0, lifetimeEarned: 0, shortfall: 0 };

/** The stored order as the ledger needs it (app/shop-data/orders.server.ts). */
export interface LoyaltyOrder {
  id: string;
  customerId: string | null;
  currencyCode: string;
  /** Shopify's subtotal_price: after discounts, before shipping and tax. */
  subtotalCents: number;
  /** Shopify's total_price (needed for the "total" earning basis). */
  totalCents?: number;
  financialStatus: string | null;
  processedAt: Date;
  cancelledAt: Date | null;
  fulfilledAt?: Date | null;
  refunds: { id: string; createdAt: Date; lines: { subtotalCents: number }[] }[];
}

export const sourceKeys = {
  earn: (orderId: string) => `order:${orderId}:earn`,
  release: (orderId: string) => `order:${orderId}:release`,
  cancel: (orderId: string) => `order:${orderId}:cancel`,
  refund: (refundId: string) => `refund:${refundId}`,
  redeem: (id: string) => `redeem:${id}`,
  /** The one way a redemption's points come back: at most once, whatever the reason. */
  redeemReturn: (id: string) => `redeem:${id}:return`,
  adjust: (id: string) => `adjust:${id}`,
};

const PAID = new Set(["paid", "partially_refunded", "refunded"]);
const DAY_MS = 86_400_000;

/** Points for an amount in minor units at a rate per currency unit (times a tier multiplier in percent), rounded down. */
export function pointsFor(amountCents: number, pointsPerUnit: number, currencyCode: string, multiplierPercent = 100): number {
  if (amountCents <= 0 || pointsPerUnit <= 0 || multiplierPercent <= 0) return 0;
  return Math.floor((amountCents * pointsPerUnit * multiplierPercent) / (100 * 10 ** currencyDecimals(currencyCode)));
}

/** The amount of an order that earns points under the program's basis (the one definition of it). */
export function eligibleCents(order: Pick<LoyaltyOrder, "subtotalCents" | "totalCents">, basis: EarningBasis = "subtotal"): number {
  return Math.max(0, basis === "total" ? (order.totalCents ?? order.subtotalCents) : order.subtotalCents);
}

/** When an order's points become spendable: N days after the order, or at fulfilment if sooner. */
export function availableAtFor(order: Pick<LoyaltyOrder, "processedAt" | "fulfilledAt">, pendingDays: number): Date {
  const afterPeriod = new Date(order.processedAt.getTime() + pendingDays * DAY_MS);
  return order.fulfilledAt && order.fulfilledAt < afterPeriod ? order.fulfilledAt : afterPeriod;
}

/**
 * The points owed back after `refundedCents` of the earn's base was refunded in total, at the
 * earn's own rate: floor(award × refunded / base). Computed on the running total, so partial
 * refunds add up to the award exactly when everything is refunded (the last one takes the remainder).
 */
export function clawbackTarget(award: number, baseCents: number, refundedCents: number): number {
  if (baseCents <= 0) return award;
  const refunded = Math.min(Math.max(refundedCents, 0), baseCents);
  return Math.floor((award * refunded) / baseCents);
}

/** What a clawback or cancellation entry was owed (taken plus shortfall). */
const owed = (entry: LedgerEntry) => -(entry.points + entry.pendingPoints) + entry.shortfall;

/**
 * The entries an order is missing, given those it already has and the customer's balance now.
 * Idempotent: planning again with the returned entries added yields nothing. Order of effects:
 * the earn, refunds (oldest first), the cancellation, then the release once due. While the points
 * are pending, a clawback takes them from pending and never touches spendable points; afterwards
 * it takes what is spendable and records the rest as a shortfall (never a negative balance).
 */
export function planOrderEntries(input: {
  order: LoyaltyOrder;
  existing: LedgerEntry[];
  program: ProgramSettings;
  balance: Balance;
  now: Date;
  /** The customer's tier earn multiplier in percent when the order earns (absent: 100). */
  multiplierPercent?: number;
}): LedgerEntry[] {
  const { order, program, now } = input;
  const planned: LedgerEntry[] = [];
  const has = (key: string) => input.existing.some((e) => e.sourceKey === key) || planned.some((e) => e.sourceKey === key);
  let available = input.balance.available;

  let earn = input.existing.find((e) => e.kind === "earn");
  if (!earn) {
    if (!order.customerId || !program.enabled || order.cancelledAt || !PAID.has(order.financialStatus ?? "")) return [];
    // An old order updated after the program was turned on is not a purchase made in the program.
    // (Shopify's times have whole seconds: an order of the same second counts.)
    if (program.enabledAt && order.processedAt.getTime() < Math.floor(program.enabledAt.getTime() / 1000) * 1000) return [];
    const base = eligibleCents(order, program.earningBasis);
    const multiplierPercent = input.multiplierPercent ?? 100;
    const award = pointsFor(base, program.pointsPerUnit, order.currencyCode, multiplierPercent);
    if (award === 0) return [];
    earn = {
      sourceKey: sourceKeys.earn(order.id),
      kind: "earn",
      points: 0,
      pendingPoints: award,
      shortfall: 0,
      rate: program.pointsPerUnit,
      baseCents: base,
      multiplierPercent,
      orderId: order.id,
      availableAt: availableAtFor(order, program.pendingDays),
      reason: "Order paid",
    };
    planned.push(earn);
  }
  const award = earn.points + earn.pendingPoints;
  const baseCents = earn.baseCents ?? 0;
  const all = () => [...input.existing, ...planned];
  const orderPending = () => all().reduce((sum, e) => sum + e.pendingPoints, 0);
  const released = () => has(sourceKeys.release(order.id));
  let clawed = input.existing.filter((e) => e.kind === "clawback" || e.kind === "cancel").reduce((sum, e) => sum + owed(e), 0);

  const take = (due: number): Pick<LedgerEntry, "points" | "pendingPoints" | "shortfall"> => {
    // `0 - x || 0` keeps -0 out of the entries.
    if (!released()) return { points: 0, pendingPoints: 0 - Math.min(due, orderPending()) || 0, shortfall: 0 };
    const taken = Math.min(due, Math.max(available, 0));
    available -= taken;
    return { points: 0 - taken || 0, pendingPoints: 0, shortfall: due - taken };
  };

  const refundedOf = (refund: LoyaltyOrder["refunds"][number]) => refund.lines.reduce((sum, line) => sum + line.subtotalCents, 0);
  const refunds = [...order.refunds].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  let refundedSoFar = refunds.filter((r) => has(sourceKeys.refund(r.id))).reduce((sum, r) => sum + refundedOf(r), 0);
  for (const refund of refunds) {
    const key = sourceKeys.refund(refund.id);
    if (has(key)) continue;
    refundedSoFar += refundedOf(refund);
    const due = Math.max(0, Math.min(clawbackTarget(award, baseCents, refundedSoFar), award) - clawed);
    clawed += due;
    planned.push({ sourceKey: key, kind: "clawback", ...take(due), orderId: order.id, reason: "Refund" });
  }

  if (order.cancelledAt && !has(sourceKeys.cancel(order.id))) {
    const due = Math.max(0, award - clawed);
    clawed += due;
    planned.push({ sourceKey: sourceKeys.cancel(order.id), kind: "cancel", ...take(due), orderId: order.id, reason: "Order cancelled" });
  }

  const availableAt = order.fulfilledAt && earn.availableAt && order.fulfilledAt < earn.availableAt ? order.fulfilledAt : earn.availableAt;
  const rest = orderPending();
  if (!released() && rest > 0 && availableAt && availableAt <= now) {
    planned.push({ sourceKey: sourceKeys.release(order.id), kind: "release", points: rest, pendingPoints: -rest, shortfall: 0, orderId: order.id, reason: "Pending period over" });
  }
  return planned;
}

/** An order's earn whose points are due to become spendable, with what is left pending of it. */
export function releaseDue(orderEntries: LedgerEntry[], now: Date): LedgerEntry | null {
  const earn = orderEntries.find((e) => e.kind === "earn");
  if (!earn?.orderId || !earn.availableAt || earn.availableAt > now) return null;
  if (orderEntries.some((e) => e.kind === "release")) return null;
  const rest = orderEntries.reduce((sum, e) => sum + e.pendingPoints, 0);
  if (rest <= 0) return null;
  return { sourceKey: sourceKeys.release(earn.orderId), kind: "release", points: rest, pendingPoints: -rest, shortfall: 0, orderId: earn.orderId, reason: "Pending period over" };
}

/** How one entry changes a balance. */
export function balanceDelta(entry: LedgerEntry): Balance {
  const earned = entry.kind === "earn" || (entry.kind === "adjust" && entry.points > 0) ? entry.points + entry.pendingPoints : 0;
  return { available: entry.points, pending: entry.pendingPoints, lifetimeEarned: earned, shortfall: entry.shortfall };
}

export function addBalances(a: Balance, b: Balance): Balance {
  return {
    available: a.available + b.available,
    pending: a.pending + b.pending,
    lifetimeEarned: a.lifetimeEarned + b.lifetimeEarned,
    shortfall: a.shortfall + b.shortfall,
  };
}

/** A balance as its entries say it is. */
export function deriveBalance(entries: LedgerEntry[]): Balance {
  return entries.map(balanceDelta).reduce(addBalances, EMPTY_BALANCE);
}

export interface BalanceDifference {
  customerId: string;
  cached: Balance | null;
  derived: Balance;
}

/** Every customer whose cached balance differs from the sums of their entries. */
export function verifyBalances(
  cached: (Balance & { customerId: string })[],
  entries: (LedgerEntry & { customerId: string })[],
): BalanceDifference[] {
  const derived = new Map<string, Balance>();
  for (const entry of entries) derived.set(entry.customerId, addBalances(derived.get(entry.customerId) ?? EMPTY_BALANCE, balanceDelta(entry)));
  return diffBalances(cached, derived);
}

/** Compares cached balances with balances derived from entries (absent on either side = zero). */
export function diffBalances(cached: (Balance & { customerId: string })[], derived: Map<string, Balance>): BalanceDifference[] {
  const byCustomer = new Map(cached.map((row) => [row.customerId, row]));
  const differences: BalanceDifference[] = [];
  for (const customerId of new Set([...derived.keys(), ...byCustomer.keys()])) {
    const row = byCustomer.get(customerId);
    const cachedBalance = row ? { available: row.available, pending: row.pending, lifetimeEarned: row.lifetimeEarned, shortfall: row.shortfall } : null;
    const want = derived.get(customerId) ?? EMPTY_BALANCE;
    const same = (Object.keys(want) as (keyof Balance)[]).every((key) => (cachedBalance ?? EMPTY_BALANCE)[key] === want[key]);
    if (!same) differences.push({ customerId, cached: cachedBalance, derived: want });
  }
  return differences.sort((a, b) => a.customerId.localeCompare(b.customerId));
}

/** Points to spend must be a positive whole number. */
export function validSpend(points: number): boolean {
  return Number.isSafeInteger(points) && points > 0;
}
