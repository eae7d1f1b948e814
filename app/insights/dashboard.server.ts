import type { Database } from "../db.server";
import { shopNps } from "../flows/message-events.server";
import type { NpsFigure } from "../flows/message-links";
import { nextActions, type DashboardRange, type DashboardSnapshot, type NextAction } from "./dashboard";
import { segmentCounts, storedSnapshot, type SegmentCounts } from "./scores.server";

/** Figures older than this are recomputed in the background when the dashboard is viewed. */
export const SNAPSHOT_STALE_MS = 60 * 60_000;

export interface PointsOutstanding {
  /** Spendable + pending points customers hold now. */
  now: number;
  /** The same at the start of the range (the ledger's entries before it). */
  atStart: number;
  available: number;
}

export interface DashboardData {
  snapshot: DashboardSnapshot | null;
  computedAt: Date | null;
  stale: boolean;
  counts: SegmentCounts;
  points: PointsOutstanding;
  loyaltyEnabled: boolean;
  /** Cross-sell attributed revenue (Encore-added lines, net of refunds) in the range and the one before. */
  crossSell: { currentCents: number; previousCents: number };
  /** Flow emails sent in the range and the orders they led to (decision 020's attribution), with the range before. */
  flows: { sent: number; conversions: number; previousConversions: number; revenueCents: number; previousRevenueCents: number };
  /** Net promoter score from all feedback answers so far. */
  nps: NpsFigure;
  actions: NextAction[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Orders that followed these flow emails: each order once, though several emails may claim it. */
async function convertedOrders(db: Database, sent: { shop: string; outcome: string; sentAt: { gte: Date; lt: Date } }) {
  const rows = await db.flowStepRun.findMany({ where: { ...sent, convertedOrderId: { not: null } }, distinct: ["convertedOrderId"], select: { convertedCents: true } });
  return { orders: rows.length, cents: rows.reduce((sum, row) => sum + (row.convertedCents ?? 0), 0) };
}
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Everything the dashboard shows for one range: the stored snapshot (one row) plus a handful of
 * indexed aggregates (segment counts, points, cross-sell revenue); never a scan of all orders.
 */
export async function dashboardData(db: Database, shop: string, days: DashboardRange, now = new Date()): Promise<DashboardData> {
  const [stored, counts, balances, program] = await Promise.all([
    storedSnapshot(db, shop, days),
    segmentCounts(db, shop),
    db.loyaltyBalance.aggregate({ where: { shop }, _sum: { available: true, pending: true } }),
    db.loyaltyProgram.findUnique({ where: { shop }, select: { enabled: true } }),
  ]);
  const asOf = stored ? new Date(stored.snapshot.asOf) : now;
  const from = new Date(asOf.getTime() - days * DAY_MS);
  const previousFrom = new Date(from.getTime() - days * DAY_MS);
  const sentIn = (gte: Date, lt: Date) => ({ shop, outcome: "sent", sentAt: { gte, lt } });
  const [entriesBefore, crossSellCurrent, crossSellPrevious, flowsSent, flowsConverted, flowsConvertedBefore, nps] = await Promise.all([
    db.loyaltyEntry.aggregate({ where: { shop, createdAt: { lt: from } }, _sum: { points: true, pendingPoints: true } }),
    db.crossSellOrderAttribution.aggregate({ where: { shop, day: { gte: utcDay(from), lte: utcDay(asOf) } }, _sum: { attributedCents: true } }),
    db.crossSellOrderAttribution.aggregate({ where: { shop, day: { gte: utcDay(previousFrom), lt: utcDay(from) } }, _sum: { attributedCents: true } }),
    // Up to now, not asOf: emails keep going out between recomputes.
    db.flowStepRun.count({ where: sentIn(from, now) }),
    convertedOrders(db, sentIn(from, now)),
    convertedOrders(db, sentIn(previousFrom, from)),
    shopNps(db, shop),
  ]);
  const flows = {
    sent: flowsSent,
    conversions: flowsConverted.orders,
    previousConversions: flowsConvertedBefore.orders,
    revenueCents: flowsConverted.cents,
    previousRevenueCents: flowsConvertedBefore.cents,
  };
  const points = {
    now: (balances._sum.available ?? 0) + (balances._sum.pending ?? 0),
    available: balances._sum.available ?? 0,
    atStart: (entriesBefore._sum.points ?? 0) + (entriesBefore._sum.pendingPoints ?? 0),
  };
  const crossSell = { currentCents: crossSellCurrent._sum.attributedCents ?? 0, previousCents: crossSellPrevious._sum.attributedCents ?? 0 };
  const snapshot = stored?.snapshot ?? null;
  const loyaltyEnabled = program?.enabled ?? false;
  return {
    snapshot,
    computedAt: stored?.computedAt ?? null,
    stale: !stored || now.getTime() - stored.computedAt.getTime() > SNAPSHOT_STALE_MS,
    counts,
    points,
    loyaltyEnabled,
    crossSell,
    flows,
    nps: { answers: nps.answers, promoters: nps.promoters, detractors: nps.detractors, nps: nps.nps },
    actions: snapshot
      ? nextActions({
          segments: counts.segments,
          activity: counts.activity,
          current: snapshot.current,
          previous: snapshot.previous,
          loyaltyEnabled,
          pointsOutstanding: points.now,
          crossSellRevenueCents: crossSell.currentCents,
        })
      : [],
  };
}
