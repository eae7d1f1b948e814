import type { Database } from "../db.server";
import { Prisma } from "../db/generated/sqlite/client";
import { containsPattern } from "./search";
import { DASHBOARD_RANGES, dashboardSnapshot, type DashboardSnapshot } from "./dashboard";
import { customerSummaries, loadMetricsOrders } from "./metrics.server";
import { ACTIVITIES, rfmBoundaries, scoreCustomers, scoreOneCustomer, SEGMENTS, type Activity, type CustomerSummary, type RfmBoundaries, type RfmScore, type Segment } from "./rfm";

const WRITE_CHUNK = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const scoreRow = (shop: string, summary: CustomerSummary, score: RfmScore, email: string | null, computedAt: Date) => ({
  shop,
  customerId: summary.customerId,
  r: score.r,
  f: score.f,
  m: score.m,
  segment: score.segment,
  activity: score.activity,
  orderCount: summary.orderCount,
  netCents: summary.netCents,
  firstOrderAt: summary.firstOrderAt,
  lastOrderAt: summary.lastOrderAt,
  email,
  computedAt,
});

/** Each customer's email on their latest order that has one. */
async function latestOrderEmails(db: Database, shop: string, customerId?: string): Promise<Map<string, string>> {
  const rows = await db.order.findMany({
    where: { shop, customerId: customerId ?? { not: null }, email: { not: null } },
    orderBy: { processedAt: "asc" },
    select: { customerId: true, email: true },
  });
  return new Map(rows.map((row) => [row.customerId!, row.email!]));
}

/** Loyalty members: customers with any points entry or balance. */
export async function loyaltyMemberIds(db: Database, shop: string): Promise<Set<string>> {
  const [entries, balances] = await Promise.all([
    db.loyaltyEntry.findMany({ where: { shop }, distinct: ["customerId"], select: { customerId: true } }),
    db.loyaltyBalance.findMany({ where: { shop }, select: { customerId: true } }),
  ]);
  return new Set([...entries, ...balances].map((row) => row.customerId));
}

/**
 * The full recompute (task recomputeInsights: daily, after the history import, when the dashboard
 * finds its figures older than an hour): every customer re-ranked, new boundaries, and the
 * dashboard's snapshot for each range. One read of the shop's orders.
 */
export async function recomputeInsights(db: Database, shop: string, now = new Date()): Promise<{ customers: number; orders: number }> {
  // Orders Shopify changed from shortly before this read may have been re-scored meanwhile, and this
  // recompute would overwrite that with older figures: they are re-scored again after the write.
  const readFrom = new Date(Date.now() - 60_000);
  const [orders, memberIds, emails] = await Promise.all([loadMetricsOrders(db, shop, now), loyaltyMemberIds(db, shop), latestOrderEmails(db, shop)]);
  const summaries = customerSummaries(orders);
  const scores = scoreCustomers(summaries, now);
  const boundaries = rfmBoundaries(summaries, scores);
  const rows = summaries.map((summary, i) => scoreRow(shop, summary, scores[i], emails.get(summary.customerId) ?? null, now));
  const snapshots = DASHBOARD_RANGES.map((days) => dashboardSnapshot(orders, memberIds, days, now));

  await db.$transaction(
    async (tx) => {
      // A customers/redact that ran after the orders were read must not be undone by this write.
      const redacted = new Set((await tx.customer.findMany({ where: { shop, redactedAt: { not: null } }, select: { id: true } })).map((c) => c.id));
      const kept = rows.filter((row) => !redacted.has(row.customerId));
      await tx.customerScore.deleteMany({ where: { shop } });
      for (const chunk of chunks(kept, WRITE_CHUNK)) await tx.customerScore.createMany({ data: chunk });
      const stored = { boundaries: JSON.stringify(boundaries), customers: rows.length, computedAt: now };
      await tx.customerScoreBoundaries.upsert({ where: { shop }, create: { shop, ...stored }, update: stored });
      for (const snapshot of snapshots) {
        const data = { report: JSON.stringify(snapshot), computedAt: now };
        await tx.insightsSnapshot.upsert({ where: { shop_days: { shop, days: snapshot.days } }, create: { shop, days: snapshot.days, ...data }, update: data });
      }
    },
    { timeout: 60_000 },
  );
  const changedMeanwhile = await db.order.findMany({ where: { shop, shopifyUpdatedAt: { gte: readFrom } }, select: { id: true } });
  for (const { id } of changedMeanwhile) await rescoreOrderCustomer(db, shop, id);
  return { customers: rows.length, orders: orders.length };
}

/**
 * An order of `orderId` arrived or changed: its customer's figures and score follow at once,
 * scored against the stored boundaries (the shop is not re-ranked; the daily recompute does that).
 * Before the first recompute there are no boundaries and nothing to keep current.
 */
export async function rescoreOrderCustomer(db: Database, shop: string, orderId: string, now = new Date()): Promise<RfmScore | null> {
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { customerId: true } });
  if (!order?.customerId) return null;
  const stored = await db.customerScoreBoundaries.findUnique({ where: { shop } });
  if (!stored) return null;
  const customerId = order.customerId;
  const rows = await db.order.findMany({
    where: { shop, customerId, processedAt: { lte: now } },
    select: { customerId: true, processedAt: true, totalCents: true, cancelledAt: true, refunds: { select: { amountCents: true } } },
  });
  const [summary] = customerSummaries(
    rows.map((row) => ({
      customerId: row.customerId,
      processedAt: row.processedAt,
      netCents: row.totalCents - row.refunds.reduce((sum, refund) => sum + refund.amountCents, 0),
      cancelled: row.cancelledAt !== null,
    })),
  );
  if (!summary) {
    // Every order of the customer was cancelled: they are nobody's customer any more.
    await db.customerScore.deleteMany({ where: { shop, customerId } });
    return null;
  }
  const score = scoreOneCustomer(summary, JSON.parse(stored.boundaries) as RfmBoundaries, now);
  const emails = await latestOrderEmails(db, shop, customerId);
  const row = scoreRow(shop, summary, score, emails.get(customerId) ?? null, now);
  await db.customerScore.upsert({ where: { shop_customerId: { shop, customerId } }, create: row, update: row });
  return score;
}

export interface SegmentCounts {
  segments: Record<Segment, number>;
  activity: Record<Activity, number>;
  customers: number;
  computedAt: Date | null;
}

export async function segmentCounts(db: Database, shop: string): Promise<SegmentCounts> {
  const [bySegment, byActivity, boundaries] = await Promise.all([
    db.customerScore.groupBy({ by: ["segment"], where: { shop }, _count: { _all: true } }),
    db.customerScore.groupBy({ by: ["activity"], where: { shop }, _count: { _all: true } }),
    db.customerScoreBoundaries.findUnique({ where: { shop }, select: { computedAt: true } }),
  ]);
  const segments = Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;
  for (const row of bySegment) if (row.segment in segments) segments[row.segment as Segment] = row._count._all;
  const activity = Object.fromEntries(ACTIVITIES.map((a) => [a, 0])) as Record<Activity, number>;
  for (const row of byActivity) if (row.activity in activity) activity[row.activity as Activity] = row._count._all;
  return { segments, activity, customers: Object.values(segments).reduce((a, b) => a + b, 0), computedAt: boundaries?.computedAt ?? null };
}

/** The stored dashboard figures for one range, or null before the first recompute. */
export async function storedSnapshot(db: Database, shop: string, days: number): Promise<{ snapshot: DashboardSnapshot; computedAt: Date } | null> {
  const row = await db.insightsSnapshot.findUnique({ where: { shop_days: { shop, days } } });
  return row ? { snapshot: JSON.parse(row.report) as DashboardSnapshot, computedAt: row.computedAt } : null;
}

// ---------------------------------------------------------------- segment members

export const MEMBERS_PER_PAGE = 25;

export interface SegmentMember {
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  r: number;
  f: number;
  m: number;
  activity: string;
  orderCount: number;
  netCents: number;
  firstOrderAt: Date;
  lastOrderAt: Date;
}


function memberFilter(shop: string, segment: Segment, search: string) {
  const base = Prisma.sql`s."shop" = ${shop} AND s."segment" = ${segment}`;
  if (!search) return base;
  const pattern = containsPattern(search);
  // Name or email; "Ada Lovelace" matches first + last name together.
  return Prisma.sql`${base} AND (
    LOWER(COALESCE(c."email", s."email", '')) LIKE ${pattern} ESCAPE '\\'
    OR LOWER(COALESCE(c."firstName", '') || ' ' || COALESCE(c."lastName", '')) LIKE ${pattern} ESCAPE '\\'
  )`;
}

const MEMBER_COLUMNS = Prisma.sql`s."customerId", c."firstName", c."lastName", COALESCE(c."email", s."email") AS "email", s."r", s."f", s."m", s."activity",
  s."orderCount", s."netCents", s."firstOrderAt", s."lastOrderAt"`;
const MEMBER_JOIN = Prisma.sql`FROM "CustomerScore" s LEFT JOIN "Customer" c ON c."shop" = s."shop" AND c."id" = s."customerId"`;

type RawMember = Omit<SegmentMember, "r" | "f" | "m" | "orderCount" | "netCents" | "firstOrderAt" | "lastOrderAt"> & {
  r: number | bigint;
  f: number | bigint;
  m: number | bigint;
  orderCount: number | bigint;
  netCents: number | bigint;
  firstOrderAt: Date | string | number;
  lastOrderAt: Date | string | number;
};

// SQLite hands back integers as bigint and dates as numbers or text; PostgreSQL as numbers and Dates.
const member = (row: RawMember): SegmentMember => ({
  ...row,
  r: Number(row.r),
  f: Number(row.f),
  m: Number(row.m),
  orderCount: Number(row.orderCount),
  netCents: Number(row.netCents),
  firstOrderAt: new Date(row.firstOrderAt),
  lastOrderAt: new Date(row.lastOrderAt),
});

/** A page of a segment's customers, biggest spenders first, optionally filtered by name or email. */
export async function segmentMembers(db: Database, shop: string, segment: Segment, { search, page }: { search: string; page: number }) {
  const where = memberFilter(shop, segment, search);
  const [countRows, rows] = await Promise.all([
    db.$queryRaw<{ total: number | bigint }[]>`SELECT COUNT(*) AS "total" ${MEMBER_JOIN} WHERE ${where}`,
    db.$queryRaw<RawMember[]>`SELECT ${MEMBER_COLUMNS} ${MEMBER_JOIN} WHERE ${where}
      ORDER BY s."netCents" DESC, s."customerId" ASC LIMIT ${MEMBERS_PER_PAGE} OFFSET ${(page - 1) * MEMBERS_PER_PAGE}`,
  ]);
  const total = Number(countRows[0]?.total ?? 0);
  return { total, pageCount: Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE)), members: rows.map(member) };
}

/** Every member of a segment, a batch at a time (keyset on customerId: memory stays flat for big segments). */
export async function* allSegmentMembers(db: Database, shop: string, segment: Segment, batchSize = 1000): AsyncGenerator<SegmentMember[]> {
  let after = "";
  for (;;) {
    const rows = await db.$queryRaw<RawMember[]>`SELECT ${MEMBER_COLUMNS} ${MEMBER_JOIN}
      WHERE s."shop" = ${shop} AND s."segment" = ${segment} AND s."customerId" > ${after}
      ORDER BY s."customerId" ASC LIMIT ${batchSize}`;
    if (rows.length === 0) return;
    yield rows.map(member);
    after = rows[rows.length - 1].customerId;
    if (rows.length < batchSize) return;
  }
}

/** The stored segment of each of these customers (those without a counted order have none). */
export async function segmentsOf(db: Database, shop: string, customerIds: string[]): Promise<Map<string, Segment>> {
  const rows = await db.customerScore.findMany({ where: { shop, customerId: { in: customerIds } }, select: { customerId: true, segment: true } });
  return new Map(rows.map((row) => [row.customerId, row.segment as Segment]));
}
