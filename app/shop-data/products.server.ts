import type { Database } from "../db.server";
import type { ProductRecord } from "../shopify/webhook-payloads";

/** Applies a product as Shopify last described it (older payloads are ignored). */
export async function upsertProduct(db: Database, shop: string, product: ProductRecord): Promise<boolean> {
  const stored = await db.product.findUnique({ where: { shop_id: { shop, id: product.id } }, select: { shopifyUpdatedAt: true } });
  if (stored && stored.shopifyUpdatedAt > product.updatedAt) return false;
  const fields = {
    handle: product.handle,
    title: product.title,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags.join(", "),
    status: product.status,
    isGiftCard: product.isGiftCard,
    shopifyUpdatedAt: product.updatedAt,
    deletedAt: null,
  };
  if (!stored) {
    await db.product.create({ data: { shop, id: product.id, ...fields } }); // a concurrent insert fails; the job retries
    return true;
  }
  // Conditional: a newer version committed since the read above wins (PostgreSQL).
  const { count } = await db.product.updateMany({ where: { shop, id: product.id, shopifyUpdatedAt: { lte: product.updatedAt } }, data: fields });
  return count === 1;
}

export async function markProductDeleted(db: Database, shop: string, productId: string, at: Date): Promise<void> {
  await db.product.updateMany({ where: { shop, id: productId }, data: { deletedAt: at } });
}
