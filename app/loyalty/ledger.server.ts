import { z } from "zod";
import type { Database, Prisma } from "../db.server";
import {
  addBalances,
  balanceDelta,
  DEFAULT_PROGRAM,
  diffBalances,
  EMPTY_BALANCE,
  planOrderEntries,
  releaseDue,
  validSpend,
  type Balance,
  type BalanceDifference,
  type EntryKind,
  type LedgerEntry,
  type ProgramSettings,
} from "./ledger";
import { forgetLoyaltyPanelShop } from "./panel-cache.server";

/**
 * The loyalty ledger's storage (decision 009). Every write runs in one transaction whose first
 * statement bumps the customer's balance row, so writers of one customer queue behind each other on
 * SQLite and PostgreSQL alike; entries are inserted once by their (shop, sourceKey) and the cached
 * balance moves by exactly their sums in the same transaction.
 */

export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

// Many redemptions can queue for one customer's row: wait for it rather than fail.
const QUEUE = { maxWait: 60_000, timeout: 60_000 };

export async function loyaltyProgram(db: Database | Transaction, shop: string): Promise<ProgramSettings> {
  const row = await db.loyaltyProgram.findUnique({ where: { shop } });
  return row
    ? { enabled: row.enabled, pointsPerUnit: row.pointsPerUnit, pendingDays: row.pendingDays, enabledAt: row.enabledAt, earningBasis: row.earningBasis === "total" ? "total" : "subtotal" }
    : DEFAULT_PROGRAM;
}

/**
 * Saves the program. Turning it on records when (orders placed before earn nothing), unless
 * `enabledAt` is given (e.g. a merchant who wants recent orders counted).
 */
export async function saveLoyaltyProgram(
  db: Database,
  shop: string,
  settings: Omit<ProgramSettings, "enabledAt"> & { enabledAt?: Date | null },
  now = new Date(),
  /** The program's other settings (app/loyalty/program.ts), saved in the same transaction. */
  more: Omit<Prisma.LoyaltyProgramCreateInput, "shop" | "updatedAt" | keyof ProgramSettings> = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await loyaltyProgram(tx, shop);
    const enabledAt =
      settings.enabledAt !== undefined ? settings.enabledAt : settings.enabled ? (current.enabled ? current.enabledAt : now) : current.enabledAt;
    const data = { ...more, enabled: settings.enabled, pointsPerUnit: settings.pointsPerUnit, pendingDays: settings.pendingDays, enabledAt, earningBasis: settings.earningBasis ?? "subtotal" };
    await tx.loyaltyProgram.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  });
  forgetLoyaltyPanelShop(shop);
}

/** Creates the customer's balance row if needed and takes its write lock; returns it. */
async function lockBalance(tx: Transaction, shop: string, customerId: string): Promise<Balance> {
  await tx.$executeRaw`INSERT INTO "LoyaltyBalance" ("shop", "customerId") VALUES (${shop}, ${customerId})
    ON CONFLICT ("shop", "customerId") DO UPDATE SET "version" = "LoyaltyBalance"."version" + 1`;
  const row = await tx.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });
  return { available: row.available, pending: row.pending, lifetimeEarned: row.lifetimeEarned, shortfall: row.shortfall };
}

/** Inserts entries (a duplicate source key fails the transaction) and moves the balance by their sums. */
async function appendEntries(tx: Transaction, shop: string, customerId: string, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.loyaltyEntry.createMany({
    data: entries.map((entry) => ({
      shop,
      customerId,
      sourceKey: entry.sourceKey,
      kind: entry.kind,
      points: entry.points,
      pendingPoints: entry.pendingPoints,
      shortfall: entry.shortfall,
      rate: entry.rate ?? null,
      baseCents: entry.baseCents ?? null,
      multiplierPercent: entry.multiplierPercent ?? null,
      orderId: entry.orderId ?? null,
      availableAt: entry.availableAt ?? null,
      reason: entry.reason ?? null,
    })),
  });
  const delta = entries.map(balanceDelta).reduce(addBalances, EMPTY_BALANCE);
  await tx.loyaltyBalance.update({
    where: { shop_customerId: { shop, customerId } },
    data: {
      available: { increment: delta.available },
      pending: { increment: delta.pending },
      lifetimeEarned: { increment: delta.lifetimeEarned },
      shortfall: { increment: delta.shortfall },
    },
  });
}

function toEntry(row: {
  sourceKey: string;
  kind: string;
  points: number;
  pendingPoints: number;
  shortfall: number;
  rate: number | null;
  baseCents: number | null;
  multiplierPercent?: number | null;
  orderId: string | null;
  availableAt: Date | null;
  reason: string | null;
}): LedgerEntry {
  return { ...row, kind: row.kind as EntryKind };
}

/** Makes spendable the customer's order points whose pending period is over. */
async function releaseDuePoints(tx: Transaction, shop: string, customerId: string, now: Date): Promise<void> {
  const earns = await tx.loyaltyEntry.findMany({
    where: { shop, customerId, kind: "earn", availableAt: { lte: now } },
    select: { orderId: true },
  });
  const orderIds = earns.map((e) => e.orderId).filter((id): id is string => id !== null);
  if (orderIds.length === 0) return;
  const rows = await tx.loyaltyEntry.findMany({ where: { shop, customerId, orderId: { in: orderIds } } });
  const due = orderIds
    .map((orderId) => releaseDue(rows.filter((row) => row.orderId === orderId).map(toEntry), now))
    .filter((entry): entry is LedgerEntry => entry !== null);
  await appendEntries(tx, shop, customerId, due);
}

/**
 * Makes spendable every order's points whose pending period is over, customer by customer (the
 * hourly task; spending and the order's own webhooks also release). Returns how many customers moved.
 */
export async function releaseDueLoyaltyPoints(db: Database, shop: string, now = new Date()): Promise<number> {
  const due = await db.loyaltyEntry.findMany({ where: { shop, kind: "earn", availableAt: { lte: now } }, select: { orderId: true, customerId: true } });
  if (due.length === 0) return 0;
  const settled = new Set(
    (await db.loyaltyEntry.groupBy({ by: ["orderId"], where: { shop, orderId: { in: due.map((e) => e.orderId).filter((id): id is string => id !== null) } }, _sum: { pendingPoints: true } }))
      .filter((row) => (row._sum.pendingPoints ?? 0) <= 0)
      .map((row) => row.orderId),
  );
  const customers = [...new Set(due.filter((e) => !settled.has(e.orderId)).map((e) => e.customerId))];
  for (const customerId of customers) {
    await db.$transaction(async (tx) => {
      await lockBalance(tx, shop, customerId);
      await releaseDuePoints(tx, shop, customerId, now);
    }, QUEUE);
  }
  return customers.length;
}

const fulfilmentSchema = z.object({ fulfillment_status: z.string().nullish() });

/** Whether an order webhook's payload says the order is fulfilled (its points then become spendable). */
export function payloadFulfilled(payload: unknown): boolean {
  const parsed = fulfilmentSchema.safeParse(payload);
  return parsed.success && parsed.data.fulfillment_status === "fulfilled";
}

/**
 * Brings an order's loyalty entries in line with the stored order (earn, refunds, cancellation,
 * release). Safe after every order or refund webhook, in any order, any number of times: entries
 * already there are never written again.
 */
export async function syncOrderLoyalty(
  db: Database,
  shop: string,
  orderId: string,
  options: { fulfilled?: boolean; now?: Date } = {},
): Promise<LedgerEntry[]> {
  const now = options.now ?? new Date();
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, include: { refunds: true } });
  if (!order) return [];
  const earn = await db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: `order:${orderId}:earn` } } });
  const program = await loyaltyProgram(db, shop);
  // Nothing to do (and no balance row to create) for a guest's order or an order that never earned.
  const customerId = earn?.customerId ?? order.customerId;
  if (!customerId || (!earn && !program.enabled)) return [];
  // The tier the customer is in when the order earns sets its multiplier (kept on the earn entry).
  const tier = earn ? null : await db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { tierId: true } });
  const multiplier = tier?.tierId ? await db.loyaltyTier.findFirst({ where: { shop, id: tier.tierId }, select: { multiplierPercent: true } }) : null;

  return db.$transaction(async (tx) => {
    const balance = await lockBalance(tx, shop, customerId);
    const existing = (await tx.loyaltyEntry.findMany({ where: { shop, orderId } })).map(toEntry);
    const planned = planOrderEntries({
      order: {
        id: order.id,
        customerId,
        currencyCode: order.currencyCode,
        subtotalCents: order.subtotalCents,
        totalCents: order.totalCents,
        financialStatus: order.financialStatus,
        processedAt: order.processedAt,
        cancelledAt: order.cancelledAt,
        fulfilledAt: options.fulfilled ? now : null,
        refunds: order.refunds.map((refund) => ({
          id: refund.id,
          createdAt: refund.createdAt,
          lines: JSON.parse(refund.lines) as { subtotalCents: number }[],
        })),
      },
      existing,
      program,
      balance,
      now,
      multiplierPercent: multiplier?.multiplierPercent ?? 100,
    });
    await appendEntries(tx, shop, customerId, planned);
    return planned;
  }, QUEUE);
}

export type SpendResult =
  | { ok: true; balance: Balance }
  | { ok: false; error: "invalid-points" | "not-enough-points" | "already-spent"; message: string; available: number };

/**
 * Takes points from a customer's spendable balance, once per source key (redeem:<id>). Atomic: the
 * deduction is a conditional update (available >= points) after the row lock, so of two
 * redemptions racing for the same points only one can succeed, on either database.
 */
export async function spendPoints(
  db: Database,
  shop: string,
  customerId: string,
  points: number,
  sourceKey: string,
  reason: string,
  now = new Date(),
): Promise<SpendResult> {
  if (!validSpend(points)) return { ok: false, error: "invalid-points", message: "Points to spend must be a positive whole number.", available: 0 };
  return db.$transaction(async (tx): Promise<SpendResult> => {
    const locked = await tx.loyaltyBalance.updateMany({ where: { shop, customerId }, data: { version: { increment: 1 } } });
    if (locked.count === 0) return { ok: false, error: "not-enough-points", message: `The customer has 0 points; ${points} are needed.`, available: 0 };
    if (await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey } }, select: { id: true } })) {
      const row = await tx.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });
      return { ok: false, error: "already-spent", message: `${sourceKey} was already recorded.`, available: row.available };
    }
    await releaseDuePoints(tx, shop, customerId, now);
    const taken = await tx.loyaltyBalance.updateMany({
      where: { shop, customerId, available: { gte: points } },
      data: { available: { decrement: points } },
    });
    const row = await tx.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });
    if (taken.count === 0) {
      return { ok: false, error: "not-enough-points", message: `The customer has ${row.available} spendable points; ${points} are needed.`, available: row.available };
    }
    await tx.loyaltyEntry.create({ data: { shop, customerId, sourceKey, kind: "redeem", points: -points, reason } });
    return { ok: true, balance: { available: row.available, pending: row.pending, lifetimeEarned: row.lifetimeEarned, shortfall: row.shortfall } };
  }, QUEUE);
}

export type ReturnResult =
  | { ok: true; points: number; balance: Balance }
  | { ok: false; error: "nothing-spent" | "already-returned"; message: string };

/**
 * Gives back the points a redemption spent (its `redeemKey` entry), under `<redeemKey>:return`:
 * exactly what was spent, at most once (the code could not be made, or the unused code was
 * cancelled). Not earned points: lifetime earned stays as it was.
 */
export async function returnSpentPoints(db: Database, shop: string, customerId: string, redeemKey: string, reason: string): Promise<ReturnResult> {
  return db.$transaction((tx) => returnSpentPointsIn(tx, shop, customerId, redeemKey, reason), QUEUE);
}

/** returnSpentPoints inside the caller's transaction (for a write that must commit with the return). */
export async function returnSpentPointsIn(tx: Transaction, shop: string, customerId: string, redeemKey: string, reason: string): Promise<ReturnResult> {
  const sourceKey = `${redeemKey}:return`;
  await lockBalance(tx, shop, customerId);
  const spent = await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: redeemKey } } });
  if (!spent || spent.customerId !== customerId || spent.kind !== "redeem" || spent.points >= 0) {
    return { ok: false, error: "nothing-spent", message: `${redeemKey} spent no points of this customer.` };
  }
  if (await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey } }, select: { id: true } })) {
    return { ok: false, error: "already-returned", message: `${redeemKey} was already given back.` };
  }
  const entry: LedgerEntry = { sourceKey, kind: "return", points: -spent.points, pendingPoints: 0, shortfall: 0, reason };
  await appendEntries(tx, shop, customerId, [entry]);
  const row = await tx.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });
  return { ok: true, points: entry.points, balance: { available: row.available, pending: row.pending, lifetimeEarned: row.lifetimeEarned, shortfall: row.shortfall } };
}

/**
 * Takes back an award (its `awardKey` entry) under `reversalKey`, at most once: what the balance
 * holds of it now, with the rest recorded as shortfall, never a negative balance. Returns the
 * entry written, or null when there was no award or it was already taken back.
 */
export async function takeBackAward(db: Database, shop: string, customerId: string, awardKey: string, reversalKey: string, reason: string): Promise<LedgerEntry | null> {
  return db.$transaction(async (tx) => {
    const balance = await lockBalance(tx, shop, customerId);
    const award = await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: awardKey } } });
    if (!award || award.customerId !== customerId || award.points <= 0) return null;
    if (await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey: reversalKey } }, select: { id: true } })) return null;
    const taken = Math.min(Math.max(balance.available, 0), award.points);
    const entry: LedgerEntry = { sourceKey: reversalKey, kind: "clawback", points: -taken, pendingPoints: 0, shortfall: award.points - taken, reason };
    await appendEntries(tx, shop, customerId, [entry]);
    return entry;
  }, QUEUE);
}

export type AdjustResult =
  | { ok: true; balance: Balance }
  | { ok: false; error: "invalid-points" | "reason-required" | "not-enough-points" | "already-recorded"; message: string };

/**
 * A merchant's manual adjustment (adjust:<id>), with a required reason: adds spendable points, or
 * takes them with the same conditional update as spending (never below zero).
 */
export async function adjustPoints(db: Database, shop: string, customerId: string, points: number, sourceKey: string, reason: string): Promise<AdjustResult> {
  if (!Number.isSafeInteger(points) || points === 0) return { ok: false, error: "invalid-points", message: "An adjustment must be a whole number of points other than zero." };
  if (reason.trim() === "") return { ok: false, error: "reason-required", message: "Say why the points are adjusted." };
  return db.$transaction(async (tx): Promise<AdjustResult> => {
    await lockBalance(tx, shop, customerId);
    if (await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey } }, select: { id: true } })) {
      return { ok: false, error: "already-recorded", message: `${sourceKey} was already recorded.` };
    }
    const moved = await tx.loyaltyBalance.updateMany({
      where: { shop, customerId, available: { gte: Math.max(0, -points) } },
      data: { available: { increment: points }, lifetimeEarned: { increment: Math.max(0, points) } },
    });
    const row = await tx.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop, customerId } } });
    if (moved.count === 0) {
      return { ok: false, error: "not-enough-points", message: `The customer has ${row.available} spendable points; ${-points} cannot be taken.` };
    }
    await tx.loyaltyEntry.create({ data: { shop, customerId, sourceKey, kind: "adjust", points, reason: reason.trim() } });
    return { ok: true, balance: { available: row.available, pending: row.pending, lifetimeEarned: row.lifetimeEarned, shortfall: row.shortfall } };
  }, QUEUE);
}

/** Entries that count as the customer's activity for expiry (app/loyalty/expiry.ts): earning or redeeming. */
export const ACTIVITY_ENTRIES = [{ kind: { in: ["earn", "redeem"] } }, { kind: "adjust", points: { gt: 0 } }];

/**
 * Expires the customer's spendable points (an "expire" entry, once per source key), unless they
 * were active after `lastActivityAt` (checked under the balance lock, so an earn or a redemption
 * racing with the expiry wins). Returns the points expired.
 */
export async function expirePoints(db: Database, shop: string, customerId: string, sourceKey: string, lastActivityAt: Date, reason: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const balance = await lockBalance(tx, shop, customerId);
    if (balance.available <= 0) return 0;
    if (await tx.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey } }, select: { id: true } })) return 0;
    if (await tx.loyaltyEntry.findFirst({ where: { shop, customerId, createdAt: { gt: lastActivityAt }, OR: ACTIVITY_ENTRIES }, select: { id: true } })) return 0;
    await appendEntries(tx, shop, customerId, [{ sourceKey, kind: "expire", points: -balance.available, pendingPoints: 0, shortfall: 0, reason }]);
    return balance.available;
  }, QUEUE);
}

export interface ShopBalanceDifference extends BalanceDifference {
  shop: string;
}

/** Recomputes every balance (of one shop, or all) from the entries and lists the differences. */
export async function verifyLedger(db: Database, shop?: string): Promise<ShopBalanceDifference[]> {
  const where = shop ? { shop } : {};
  const [cached, sums, earned, adjustedUp] = await Promise.all([
    db.loyaltyBalance.findMany({ where }),
    db.loyaltyEntry.groupBy({ by: ["shop", "customerId"], where, _sum: { points: true, pendingPoints: true, shortfall: true } }),
    db.loyaltyEntry.groupBy({ by: ["shop", "customerId"], where: { ...where, kind: "earn" }, _sum: { points: true, pendingPoints: true } }),
    db.loyaltyEntry.groupBy({ by: ["shop", "customerId"], where: { ...where, kind: "adjust", points: { gt: 0 } }, _sum: { points: true } }),
  ]);
  const key = (row: { shop: string; customerId: string }) => `${row.shop}\n${row.customerId}`;
  const earnedBy = new Map(earned.map((row) => [key(row), (row._sum.points ?? 0) + (row._sum.pendingPoints ?? 0)]));
  const adjustedUpBy = new Map(adjustedUp.map((row) => [key(row), row._sum.points ?? 0]));
  const shops = new Set([...cached.map((row) => row.shop), ...sums.map((row) => row.shop)]);
  const differences: ShopBalanceDifference[] = [];
  for (const s of [...shops].sort()) {
    const derived = new Map<string, Balance>();
    for (const row of sums.filter((r) => r.shop === s)) {
      derived.set(row.customerId, {
        available: row._sum.points ?? 0,
        pending: row._sum.pendingPoints ?? 0,
        lifetimeEarned: (earnedBy.get(key(row)) ?? 0) + (adjustedUpBy.get(key(row)) ?? 0),
        shortfall: row._sum.shortfall ?? 0,
      });
    }
    for (const difference of diffBalances(cached.filter((row) => row.shop === s), derived)) differences.push({ shop: s, ...difference });
  }
  return differences;
}

export interface LoyaltySummary {
  enabled: boolean;
  members: number;
  availablePoints: number;
  pendingPoints: number;
  shortfallPoints: number;
}

/** Points outstanding in a shop (the program's liability), from the cached balances. */
export async function loyaltySummary(db: Database, shop: string): Promise<LoyaltySummary> {
  const [program, sums, members] = await Promise.all([
    loyaltyProgram(db, shop),
    db.loyaltyBalance.aggregate({ where: { shop }, _sum: { available: true, pending: true, shortfall: true } }),
    db.loyaltyBalance.count({ where: { shop, lifetimeEarned: { gt: 0 } } }),
  ]);
  return {
    enabled: program.enabled,
    members,
    availablePoints: sums._sum.available ?? 0,
    pendingPoints: sums._sum.pending ?? 0,
    shortfallPoints: sums._sum.shortfall ?? 0,
  };
}
