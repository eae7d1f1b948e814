import type { Database } from "../db.server";
import { historyImportProgress } from "../history-import/history-import.server";
import { storedComplements } from "./co-purchase.server";
import { explainComplement } from "./scoring";
import { storefrontRecommendations } from "./storefront-recommendations.server";

/** The cross-sell page's numbers: how much evidence Encore has for this shop. */
export async function crossSellOverview(db: Database, shop: string) {
  const [total, productsWithComplements, products, historyImport] = await Promise.all([
    db.coPurchaseTotal.findUnique({ where: { shop } }),
    db.productComplements.count({ where: { shop, NOT: { complements: "[]" } } }),
    db.product.findMany({
      where: { shop, status: "ACTIVE", deletedAt: null },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      select: { id: true, title: true },
      take: 1000,
    }),
    db.historyImport.findUnique({ where: { shop } }),
  ]);
  return {
    baskets: total?.baskets ?? 0,
    productsWithComplements,
    products,
    historyImport: historyImport && {
      stage: historyImport.stage,
      progress: historyImportProgress(historyImport),
      ordersImported: historyImport.ordersImported,
      ordersExpected: historyImport.ordersExpected,
      error: historyImport.error,
    },
  };
}

/** Exactly what a shopper sees on a product page, and why each item is there. */
export async function previewRecommendations(db: Database, shop: string, productId: string, limit: number) {
  const [items, complements] = await Promise.all([
    storefrontRecommendations(db, shop, productId, limit),
    storedComplements(db, shop, productId),
  ]);
  const titles = new Map(
    (await db.product.findMany({ where: { shop, id: { in: items.map((i) => i.productId) } }, select: { id: true, title: true } })).map(
      (p) => [p.id, p.title],
    ),
  );
  const evidence = new Map(complements.map((c) => [c.productId, c]));
  return items.map((item) => {
    const complement = evidence.get(item.productId);
    return {
      productId: item.productId,
      title: titles.get(item.productId) ?? item.handle,
      reason: complement ? explainComplement(complement) : "One of your best sellers (not enough orders with this product yet)",
    };
  });
}
