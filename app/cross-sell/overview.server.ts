import type { Database } from "../db.server";
import { historyImportProgress } from "../history-import/history-import.server";
import { storedComplements } from "./co-purchase.server";
import { explainComplement } from "./scoring";
import type { Criterion, CrossSellRule } from "./rules";
import { crossSellConfig, storefrontRecommendations } from "./storefront-recommendations.server";

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

/**
 * Exactly what a shopper sees on a product page (the storefront's own pipeline, with the shop's
 * settings and rules), and why each item is there.
 */
export async function previewRecommendations(db: Database, shop: string, productId: string, limit?: number) {
  const config = await crossSellConfig(db, shop);
  const [items, complements, anchor] = await Promise.all([
    storefrontRecommendations(db, shop, productId, limit ?? config.settings.itemsToShow, { config }),
    storedComplements(db, shop, productId),
    db.product.findUnique({ where: { shop_id: { shop, id: productId } }, select: { title: true, productType: true, vendor: true } }),
  ]);
  const ids = items.map((i) => i.productId);
  const needsCollections = items.some((i) => i.source === "same-collection");
  const [products, baskets, memberships] = await Promise.all([
    db.product.findMany({ where: { shop, id: { in: ids } }, select: { id: true, title: true } }),
    db.productBasketCount.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, baskets: true } }),
    needsCollections ? sharedCollections(db, shop, productId, ids) : Promise.resolve(new Map<string, string>()),
  ]);
  const titles = new Map(products.map((p) => [p.id, p.title]));
  const orders = new Map(baskets.map((b) => [b.productId, b.baskets]));
  const evidence = new Map(complements.map((c) => [c.productId, c]));
  const rules = new Map(config.rules.map((rule) => [rule.id, rule]));
  const collectionTitles = new Map(
    (await db.shopCollection.findMany({ where: { shop, id: { in: ruleCollectionIds(config.rules) } }, select: { id: true, title: true } })).map((c) => [
      c.id,
      c.title,
    ]),
  );
  const reason = (item: (typeof items)[number]): string => {
    const source = item.source;
    if (source.startsWith("pin:")) return `Pinned by your rule for ${anchor?.title ?? "this product"}`;
    if (source.startsWith("rule:")) {
      const rule = rules.get(source.slice("rule:".length));
      return rule?.kind === "category"
        ? `Your rule: ${describeCriterion(rule.match, collectionTitles)} → ${rule.targets.map((t) => describeCriterion(t, collectionTitles)).join(", ")}`
        : "Your category rule";
    }
    if (source === "bought-together") {
      const complement = evidence.get(item.productId);
      return complement ? explainComplement(complement) : "Bought together";
    }
    if (source === "same-collection") return `Same collection: ${memberships.get(item.productId) ?? "a collection of this product"}`;
    if (source === "same-type") return `Same product type: ${anchor?.productType ?? ""}`;
    if (source === "same-vendor") return `Same vendor: ${anchor?.vendor ?? ""}`;
    const count = orders.get(item.productId) ?? 0;
    return `One of your best sellers (${count === 1 ? "1 order" : `${count} orders`}; not enough orders with this product yet)`;
  };
  return items.map((item) => ({
    productId: item.productId,
    title: titles.get(item.productId) ?? item.handle,
    source: item.source,
    reason: reason(item),
  }));
}

const CRITERION_LABELS: Record<Criterion["kind"], string> = {
  collection: "Collection",
  "product-type": "Product type",
  vendor: "Vendor",
  tag: "Tag",
};

export function describeCriterion(criterion: Criterion, collectionTitles: Map<string, string>): string {
  const value = criterion.kind === "collection" ? (collectionTitles.get(criterion.value) ?? `#${criterion.value}`) : criterion.value;
  return `${CRITERION_LABELS[criterion.kind]}: ${value}`;
}

export function ruleCollectionIds(rules: CrossSellRule[]): string[] {
  return rules.flatMap((rule) =>
    rule.kind === "category" ? [rule.match, ...rule.targets].filter((c) => c.kind === "collection").map((c) => c.value) : [],
  );
}

/** For each item, the title of a collection it shares with the anchor. */
async function sharedCollections(db: Database, shop: string, anchorId: string, ids: string[]): Promise<Map<string, string>> {
  const anchorCollections = await db.collectionMembership.findMany({ where: { shop, productId: anchorId }, select: { collectionId: true } });
  const collectionIds = anchorCollections.map((m) => m.collectionId);
  const [members, collections] = await Promise.all([
    db.collectionMembership.findMany({
      where: { shop, productId: { in: ids }, collectionId: { in: collectionIds } },
      orderBy: { collectionId: "asc" },
    }),
    db.shopCollection.findMany({ where: { shop, id: { in: collectionIds } }, select: { id: true, title: true } }),
  ]);
  const titles = new Map(collections.map((c) => [c.id, c.title]));
  const shared = new Map<string, string>();
  for (const member of members) if (!shared.has(member.productId)) shared.set(member.productId, titles.get(member.collectionId) ?? member.collectionId);
  return shared;
}
