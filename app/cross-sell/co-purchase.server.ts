import type { Database } from "../db.server";
import { Prisma } from "../db/generated/sqlite/client";
import { buildCoPurchaseCounts, neighbourhood } from "./baskets";
import { basketProducts, countsAsBasket } from "./baskets-of-orders";
import type { ProductNeighbourhood, RankedComplement } from "./complements";
import { rankWithBestSellers, type BestSeller } from "./scoring";

type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];

/** How many complements are precomputed per product (more than any block shows). */
export const STORED_COMPLEMENTS = 12;

/**
 * Brings an order's effect on the shop's co-purchase statistics in line with what is stored of
 * it: a counting order is counted once; one that stops counting (cancelled, fully refunded) is
 * reversed once. Safe to call after every order or refund webhook, in any order, any number of
 * times, from any process. Returns the products whose complements were recomputed.
 */
export async function syncOrderCoPurchases(db: Database, shop: string, orderId: string): Promise<string[]> {
  const order = await db.order.findUnique({
    where: { shop_id: { shop, id: orderId } },
    include: { lines: { select: { id: true, productId: true, quantity: true } }, refunds: { select: { lines: true } } },
  });
  if (!order) return [];
  const shouldCount = countsAsBasket(order);
  const changed = await db.$transaction(async (tx) => {
    const basket = await tx.coPurchaseBasket.findUnique({ where: { shop_orderId: { shop, orderId } } });
    if (shouldCount && !basket) {
      const products = basketProducts(order);
      // A concurrent insert of the same order fails this transaction on the key: the job retries
      // and then finds the basket, so an order is never counted twice.
      await tx.coPurchaseBasket.create({ data: { shop, orderId, productIds: JSON.stringify(products) } });
      await applyBasket(tx, shop, products, 1);
      return products;
    }
    if (!shouldCount && basket && !basket.reversedAt) {
      const reversed = await tx.coPurchaseBasket.updateMany({
        where: { shop, orderId, reversedAt: null },
        data: { reversedAt: new Date() },
      });
      if (reversed.count === 0) return [];
      const products = JSON.parse(basket.productIds) as string[];
      await applyBasket(tx, shop, products, -1);
      return products;
    }
    return [];
  });
  if (changed.length > 0) {
    const bestSellers = await loadBestSellers(db, shop);
    for (const productId of changed) await recomputeComplements(db, shop, productId, bestSellers);
  }
  return changed;
}

/** Adds (sign 1) or removes (sign -1) one basket's counts, atomically per row on both databases. */
async function applyBasket(tx: Transaction, shop: string, products: string[], sign: 1 | -1) {
  await tx.$executeRaw`INSERT INTO "CoPurchaseTotal" ("shop", "baskets") VALUES (${shop}, ${sign})
    ON CONFLICT ("shop") DO UPDATE SET "baskets" = "CoPurchaseTotal"."baskets" + excluded."baskets"`;
  if (products.length === 0) return;
  const items = products.map((productId) => Prisma.sql`(${shop}, ${productId}, ${sign})`);
  await tx.$executeRaw`INSERT INTO "ProductBasketCount" ("shop", "productId", "baskets") VALUES ${Prisma.join(items)}
    ON CONFLICT ("shop", "productId") DO UPDATE SET "baskets" = "ProductBasketCount"."baskets" + excluded."baskets"`;
  const pairs = products.flatMap((a) => products.filter((b) => b !== a).map((b) => Prisma.sql`(${shop}, ${a}, ${b}, ${sign})`));
  for (let start = 0; start < pairs.length; start += 200) {
    await tx.$executeRaw`INSERT INTO "ProductPairCount" ("shop", "productId", "partnerId", "baskets") VALUES ${Prisma.join(pairs.slice(start, start + 200))}
      ON CONFLICT ("shop", "productId", "partnerId") DO UPDATE SET "baskets" = "ProductPairCount"."baskets" + excluded."baskets"`;
  }
  if (sign < 0) {
    await tx.productPairCount.deleteMany({ where: { shop, productId: { in: products }, baskets: { lte: 0 } } });
    await tx.productBasketCount.deleteMany({ where: { shop, productId: { in: products }, baskets: { lte: 0 } } });
  }
}

/** What the statistics say about one product and everything bought with it. */
export async function loadNeighbourhood(db: Database, shop: string, productId: string): Promise<ProductNeighbourhood> {
  const [total, own, pairs] = await Promise.all([
    db.coPurchaseTotal.findUnique({ where: { shop } }),
    db.productBasketCount.findUnique({ where: { shop_productId: { shop, productId } } }),
    db.productPairCount.findMany({ where: { shop, productId }, select: { partnerId: true, baskets: true } }),
  ]);
  const partnerCounts = await db.productBasketCount.findMany({
    where: { shop, productId: { in: pairs.map((pair) => pair.partnerId) } },
    select: { productId: true, baskets: true },
  });
  const partnerBaskets = new Map(partnerCounts.map((row) => [row.productId, row.baskets]));
  return {
    productId,
    totalBaskets: total?.baskets ?? 0,
    productBaskets: own?.baskets ?? 0,
    partners: pairs.map((pair) => ({
      productId: pair.partnerId,
      together: pair.baskets,
      partnerBaskets: partnerBaskets.get(pair.partnerId) ?? pair.baskets,
    })),
  };
}

/** The shop's most bought products: ranked with each product's partners (the cold-start blend). */
async function loadBestSellers(db: Database, shop: string): Promise<BestSeller[]> {
  return db.productBasketCount.findMany({
    where: { shop },
    orderBy: [{ baskets: "desc" }, { productId: "asc" }],
    take: STORED_COMPLEMENTS + 1,
    select: { productId: true, baskets: true },
  });
}

/**
 * Re-ranks one product's complements from the current statistics and stores the top list:
 * partners and best sellers ranked together on the shrunk estimate, which chooses best sellers
 * where the product has little evidence (docs/decisions/004-cross-sell-scoring.md).
 */
export async function recomputeComplements(
  db: Database,
  shop: string,
  productId: string,
  bestSellers?: BestSeller[],
): Promise<RankedComplement[]> {
  const neighbourhood = await loadNeighbourhood(db, shop, productId);
  const ranked = rankWithBestSellers(neighbourhood, bestSellers ?? (await loadBestSellers(db, shop)), { k: STORED_COMPLEMENTS });
  const complements = JSON.stringify(ranked);
  await db.productComplements.upsert({
    where: { shop_productId: { shop, productId } },
    create: { shop, productId, complements },
    update: { complements },
  });
  return ranked;
}

export async function storedComplements(db: Database, shop: string, productId: string): Promise<RankedComplement[]> {
  const row = await db.productComplements.findUnique({ where: { shop_productId: { shop, productId } }, select: { complements: true } });
  return row ? (JSON.parse(row.complements) as RankedComplement[]) : [];
}

/**
 * Recomputes the shop's statistics from its stored orders (after a backfill, or to repair). Gives
 * exactly what the incremental path gives for the same orders.
 */
export async function rebuildCoPurchases(db: Database, shop: string): Promise<{ baskets: number; products: number }> {
  const baskets: { orderId: string; products: string[] }[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await db.order.findMany({
      where: { shop },
      orderBy: { id: "asc" },
      take: 1000,
      ...(cursor ? { cursor: { shop_id: { shop, id: cursor } }, skip: 1 } : {}),
      include: { lines: { select: { id: true, productId: true, quantity: true } }, refunds: { select: { lines: true } } },
    });
    for (const order of page) if (countsAsBasket(order)) baskets.push({ orderId: order.id, products: basketProducts(order) });
    if (page.length < 1000) break;
    cursor = page[page.length - 1].id;
  }

  // The same in-memory builder the evaluation and benchmark measure.
  const counts = buildCoPurchaseCounts(baskets.map((basket) => basket.products));
  const productRows = counts.productIds
    .map((productId, id) => ({ shop, productId, baskets: counts.productBaskets[id] }))
    .filter((row) => row.baskets > 0);
  const pairRows = productRows.flatMap(({ productId }) =>
    neighbourhood(counts, productId).partners.map((partner) => ({ shop, productId, partnerId: partner.productId, baskets: partner.together })),
  );

  await db.$transaction(async (tx) => {
    await tx.coPurchaseBasket.deleteMany({ where: { shop } });
    await tx.productPairCount.deleteMany({ where: { shop } });
    await tx.productBasketCount.deleteMany({ where: { shop } });
    await tx.productComplements.deleteMany({ where: { shop } });
    await tx.coPurchaseTotal.upsert({ where: { shop }, create: { shop, baskets: baskets.length }, update: { baskets: baskets.length } });
    for (const chunk of chunks(baskets, 500)) {
      await tx.coPurchaseBasket.createMany({ data: chunk.map((b) => ({ shop, orderId: b.orderId, productIds: JSON.stringify(b.products) })) });
    }
    for (const chunk of chunks(productRows, 500)) await tx.productBasketCount.createMany({ data: chunk });
    for (const chunk of chunks(pairRows, 500)) await tx.productPairCount.createMany({ data: chunk });
  });
  await recomputeAllComplements(db, shop);
  return { baskets: baskets.length, products: productRows.length };
}

/**
 * Re-ranks every product's complements. Each order re-ranks the products in it at once; the
 * others drift slightly as the shop's totals grow, until this runs (rebuild, recount).
 */
export async function recomputeAllComplements(db: Database, shop: string): Promise<number> {
  const products = await db.productBasketCount.findMany({ where: { shop }, select: { productId: true } });
  const bestSellers = await loadBestSellers(db, shop);
  for (const { productId } of products) await recomputeComplements(db, shop, productId, bestSellers);
  await db.productComplements.deleteMany({ where: { shop, productId: { notIn: products.map((p) => p.productId) } } });
  return products.length;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
