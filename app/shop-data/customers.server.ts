import type { Database } from "../db.server";
import type { CustomerRecord } from "../shopify/webhook-payloads";

/** Applies a customer as Shopify last described them (older payloads are ignored). */
export async function upsertCustomer(db: Database, shop: string, customer: CustomerRecord): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const stored = await tx.customer.findUnique({
      where: { shop_id: { shop, id: customer.id } },
      select: { shopifyUpdatedAt: true, redactedAt: true },
    });
    if (stored?.redactedAt) return false; // erased on request: never re-fill
    if (stored?.shopifyUpdatedAt && customer.updatedAt && stored.shopifyUpdatedAt > customer.updatedAt) return false;
    const fields = {
      email: customer.email,
      firstName: customer.firstName,
      lastName: customer.lastName,
      phone: customer.phone,
      // Recent API versions omit these from customer payloads: keep what is stored then.
      ...(customer.emailMarketingState !== undefined ? { emailMarketingState: customer.emailMarketingState } : {}),
      ...(customer.tags !== undefined ? { tags: customer.tags.join(", ") } : {}),
      shopifyCreatedAt: customer.createdAt,
      shopifyUpdatedAt: customer.updatedAt,
    };
    if (!stored) {
      await tx.customer.create({ data: { shop, id: customer.id, ...fields } }); // a concurrent insert fails; the job retries
      return true;
    }
    // Conditional: a newer version or an erasure committed since the read above wins (PostgreSQL).
    const newerStored = customer.updatedAt ? [{ shopifyUpdatedAt: null }, { shopifyUpdatedAt: { lte: customer.updatedAt } }] : undefined;
    const { count } = await tx.customer.updateMany({ where: { shop, id: customer.id, redactedAt: null, ...(newerStored ? { OR: newerStored } : {}) }, data: fields });
    return count === 1;
  });
}

/** customers/delete: Shopify removed the customer; Encore forgets their personal data too. */
export async function deleteCustomer(db: Database, shop: string, customerId: string): Promise<void> {
  await db.customer.deleteMany({ where: { shop, id: customerId } });
}
