import type { Database } from "../db.server";
import { Prisma } from "../db/generated/sqlite/client";
import {
  attributeOrder,
  compareHoldout,
  periodDays,
  rates,
  rollUpBatch,
  utcDay,
  type EventBatch,
  type GroupOutcome,
  type HoldoutComparison,
} from "./analytics";

/**
 * Cross-sell analytics storage: storefront event batches rolled up per day (one atomic upsert per
 * counter, so concurrent batches from many processes add up exactly), visitors per day, and each
 * order's attribution recomputed from the stored order. Every query takes the shop.
 */
export async function recordEvents(db: Database, shop: string, batch: EventBatch, now = new Date()): Promise<void> {
  const day = utcDay(now);
  const counters = rollUpBatch(batch).map(
    (c) => Prisma.sql`(${shop}, ${day}, ${c.block}, ${c.anchorId}, ${c.productId}, ${c.source}, ${c.type}, ${c.visitorGroup}, ${c.count})`,
  );
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "CrossSellEventDaily" ("shop", "day", "block", "anchorId", "productId", "source", "type", "visitorGroup", "count")
      VALUES ${Prisma.join(counters)}
      ON CONFLICT ("shop", "day", "block", "anchorId", "productId", "source", "type", "visitorGroup")
      DO UPDATE SET "count" = "CrossSellEventDaily"."count" + excluded."count"`;
    // The first group seen for a visitor that day is kept (it only changes if the merchant
    // changes the holdout share mid-day).
    await tx.$executeRaw`INSERT INTO "CrossSellVisitorDay" ("shop", "day", "visitor", "visitorGroup")
      VALUES (${shop}, ${day}, ${batch.visitor}, ${batch.group}) ON CONFLICT ("shop", "day", "visitor") DO NOTHING`;
  });
}

/**
 * Brings an order's attribution in line with the stored order (lines, refunds, cancellation, cart
 * attributes). Recomputed, never incremented: safe after every order or refund webhook, in any
 * order, any number of times.
 */
export async function syncOrderAttribution(db: Database, shop: string, orderId: string): Promise<void> {
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, include: { lines: true, refunds: true } });
  if (!order) return;
  const attribution = attributeOrder({
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    currencyCode: order.currencyCode,
    totalCents: order.totalCents,
    attributes: parseObject(order.attributes),
    lines: order.lines.map((line) => ({ ...line, properties: parseObject(line.properties) })),
    refunds: order.refunds.map((refund) => ({
      amountCents: refund.amountCents,
      lines: JSON.parse(refund.lines) as { lineId: string; quantity: number; subtotalCents: number }[],
    })),
  });
  await db.$transaction(async (tx) => {
    await tx.crossSellAttributedLine.deleteMany({ where: { shop, orderId } });
    await tx.crossSellOrderAttribution.deleteMany({ where: { shop, orderId } });
    if (!attribution) return;
    const { lines, ...fields } = attribution;
    await tx.crossSellOrderAttribution.create({ data: { shop, orderId, ...fields } });
    if (lines.length) await tx.crossSellAttributedLine.createMany({ data: lines.map((line) => ({ shop, orderId, day: attribution.day, ...line })) });
  });
}

function parseObject(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

// ------------------------------------------------------------------ the dashboard's report

export interface Counts {
  impressions: number;
  clicks: number;
  addToCarts: number;
}

export interface AnalyticsReport {
  days: number;
  from: string;
  to: string;
  currencyCode: string;
  totals: Counts & { orders: number; revenueCents: number; ctr: number | null; addToCartRate: number | null };
  products: (Counts & { anchorId: string; anchorTitle: string; productId: string; productTitle: string; source: string; orders: number; revenueCents: number })[];
  sources: (Counts & { source: string; orders: number; revenueCents: number })[];
  holdout: HoldoutComparison;
  daily: (Counts & { day: string; revenueCents: number })[];
}

const emptyCounts = (): Counts => ({ impressions: 0, clicks: 0, addToCarts: 0 });
function addCount(counts: Counts, type: string, n: number) {
  if (type === "impression") counts.impressions += n;
  else if (type === "click") counts.clicks += n;
  else if (type === "add_to_cart") counts.addToCarts += n;
}

/** Everything the analytics page shows for the last `days` UTC days (today included). */
export async function analyticsReport(db: Database, shop: string, days: number, now = new Date()): Promise<AnalyticsReport> {
  const calendar = periodDays(days, now);
  const from = calendar[0];
  const to = calendar[calendar.length - 1];
  const inPeriod = { shop, day: { gte: from, lte: to } };
  const [shopRow, events, visitorRows, orderGroups, lines] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    db.crossSellEventDaily.groupBy({ by: ["day", "anchorId", "productId", "source", "type", "visitorGroup"], where: inPeriod, _sum: { count: true } }),
    db.$queryRaw<{ visitorGroup: string; visitors: number | bigint }[]>`SELECT "visitorGroup", COUNT(DISTINCT "visitor") AS "visitors"
      FROM "CrossSellVisitorDay" WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to} GROUP BY "visitorGroup"`,
    db.crossSellOrderAttribution.findMany({ where: inPeriod, select: { day: true, visitorGroup: true, orderNetCents: true, attributedCents: true } }),
    db.crossSellAttributedLine.findMany({ where: inPeriod, select: { orderId: true, anchorId: true, productId: true, source: true, revenueCents: true } }),
  ]);

  const totals = { ...emptyCounts(), orders: 0, revenueCents: 0 };
  const daily = new Map(calendar.map((day) => [day, { day, ...emptyCounts(), revenueCents: 0 }]));
  const products = new Map<string, Counts & { anchorId: string; productId: string; source: string; orders: Set<string>; revenueCents: number }>();
  const sources = new Map<string, Counts & { source: string; orders: Set<string>; revenueCents: number }>();
  const productRow = (anchorId: string, productId: string, source: string) => {
    const key = `${anchorId}|${productId}|${source}`;
    let row = products.get(key);
    if (!row) products.set(key, (row = { anchorId, productId, source, ...emptyCounts(), orders: new Set(), revenueCents: 0 }));
    return row;
  };
  const sourceRow = (source: string) => {
    let row = sources.get(source);
    if (!row) sources.set(source, (row = { source, ...emptyCounts(), orders: new Set(), revenueCents: 0 }));
    return row;
  };

  // The block's own numbers count only what shoppers saw: the holdout's events measure exposure.
  for (const event of events) {
    if (event.visitorGroup !== "shown") continue;
    const n = event._sum.count ?? 0;
    addCount(totals, event.type, n);
    const day = daily.get(event.day);
    if (day) addCount(day, event.type, n);
    if (event.productId) addCount(productRow(event.anchorId, event.productId, event.source), event.type, n);
    addCount(sourceRow(event.source), event.type, n);
  }
  const orderIds = new Set<string>();
  for (const line of lines) {
    orderIds.add(line.orderId);
    const product = productRow(line.anchorId, line.productId, line.source);
    product.orders.add(line.orderId);
    product.revenueCents += line.revenueCents;
    const source = sourceRow(line.source);
    source.orders.add(line.orderId);
    source.revenueCents += line.revenueCents;
  }
  totals.orders = orderIds.size;
  const outcome = { shown: { visitors: 0, orders: 0, revenueCents: 0 }, holdout: { visitors: 0, orders: 0, revenueCents: 0 } } satisfies Record<string, GroupOutcome>;
  for (const order of orderGroups) {
    totals.revenueCents += order.attributedCents;
    const day = daily.get(order.day);
    if (day) day.revenueCents += order.attributedCents;
    if (order.visitorGroup === "shown" || order.visitorGroup === "holdout") {
      outcome[order.visitorGroup].orders += 1;
      outcome[order.visitorGroup].revenueCents += order.orderNetCents;
    }
  }
  for (const row of visitorRows) {
    if (row.visitorGroup === "shown" || row.visitorGroup === "holdout") outcome[row.visitorGroup].visitors = Number(row.visitors);
  }

  const titles = new Map(
    (
      await db.product.findMany({
        where: { shop, id: { in: [...new Set([...products.values()].flatMap((row) => [row.anchorId, row.productId]).filter(Boolean))] } },
        select: { id: true, title: true },
      })
    ).map((product) => [product.id, product.title]),
  );
  const byRevenue = <T extends { revenueCents: number; impressions: number }>(a: T, b: T) => b.revenueCents - a.revenueCents || b.impressions - a.impressions;
  return {
    days,
    from,
    to,
    currencyCode: shopRow?.currencyCode ?? "USD",
    totals: { ...totals, ...rates(totals) },
    products: [...products.values()]
      .map(({ orders, ...row }) => ({
        ...row,
        orders: orders.size,
        anchorTitle: titles.get(row.anchorId) ?? (row.anchorId ? `#${row.anchorId}` : ""),
        productTitle: titles.get(row.productId) ?? `#${row.productId}`,
      }))
      .sort(byRevenue),
    sources: [...sources.values()].map(({ orders, ...row }) => ({ ...row, orders: orders.size })).sort(byRevenue),
    holdout: compareHoldout(outcome.shown, outcome.holdout),
    daily: [...daily.values()],
  };
}
