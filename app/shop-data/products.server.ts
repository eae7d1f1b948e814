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
  await db.product.upsert({ where: { shop_id: { shop, id: product.id } }, create: { shop, id: product.id, ...fields }, update: fields });
  return true;
}

export async function markProductDeleted(db: Database, shop: string, productId: string, at: Date): Promise<void> {
  await db.product.updateMany({ where: { shop, id: productId }, data: { deletedAt: at } });
}
