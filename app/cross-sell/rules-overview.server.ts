import type { Database } from "../db.server";
import { listCollections } from "../shop-data/collections.server";
import { loadRules } from "./rules.server";

/** Everything the rules page shows: the rules, and the shop's products and categories to pick from. */
export async function rulesPageData(db: Database, shop: string) {
  const [rules, products, collections, types, vendors, collectionSync] = await Promise.all([
    loadRules(db, shop),
    db.product.findMany({
      where: { shop, deletedAt: null },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      select: { id: true, title: true },
      take: 2000,
    }),
    listCollections(db, shop),
    db.product.findMany({ where: { shop, deletedAt: null, NOT: { productType: "" } }, distinct: ["productType"], select: { productType: true }, orderBy: { productType: "asc" } }),
    db.product.findMany({ where: { shop, deletedAt: null, NOT: { vendor: "" } }, distinct: ["vendor"], select: { vendor: true }, orderBy: { vendor: "asc" } }),
    db.collectionSync.findUnique({ where: { shop } }),
  ]);
  return {
    rules,
    products,
    collections,
    productTypes: types.map((t) => t.productType),
    vendors: vendors.map((v) => v.vendor),
    collectionSync: collectionSync && {
      status: collectionSync.status,
      collections: collectionSync.collections,
      error: collectionSync.error,
      finishedAt: collectionSync.finishedAt?.toISOString() ?? null,
    },
  };
}
