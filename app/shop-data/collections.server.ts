import type { Database } from "../db.server";
import { adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { COLLECTION_MEMBERSHIPS_QUERY, type CollectionMembershipsQuery } from "../shopify/graphql/CollectionMemberships";
import { invalidateCrossSellConfig } from "../cross-sell/settings.server";

const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

export interface CollectionSnapshot {
  id: string;
  title: string;
  handle: string;
  productIds: string[];
}

/** Reads every collection of the shop and the products in it (paginated Admin GraphQL). */
export async function fetchCollections(admin: AdminGraphql): Promise<CollectionSnapshot[]> {
  const collections: CollectionSnapshot[] = [];
  for (let after: string | null = null; ; ) {
    const page: CollectionMembershipsQuery = await adminQuery<CollectionMembershipsQuery>(admin, "CollectionMemberships", COLLECTION_MEMBERSHIPS_QUERY, { after });
    for (const node of page.collections.nodes) {
      const snapshot = { id: legacyId(node.id), title: node.title, handle: node.handle, productIds: node.products.nodes.map((p) => legacyId(p.id)) };
      // A big collection: read the rest of its products, one collection at a time.
      for (let products = node.products.pageInfo; products.hasNextPage; ) {
        const more: CollectionMembershipsQuery = await adminQuery<CollectionMembershipsQuery>(admin, "CollectionMemberships", COLLECTION_MEMBERSHIPS_QUERY, {
          query: `id:${snapshot.id}`,
          productsAfter: products.endCursor,
        });
        const same = more.collections.nodes.find((c) => c.id === node.id);
        if (!same) break;
        snapshot.productIds.push(...same.products.nodes.map((p) => legacyId(p.id)));
        products = same.products.pageInfo;
      }
      collections.push(snapshot);
    }
    if (!page.collections.pageInfo.hasNextPage) break;
    after = page.collections.pageInfo.endCursor ?? null;
  }
  return collections;
}

/** Replaces the shop's collections and memberships with a snapshot, in one transaction. */
export async function replaceCollections(db: Database, shop: string, collections: CollectionSnapshot[]): Promise<void> {
  const syncedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.collectionMembership.deleteMany({ where: { shop } });
    await tx.shopCollection.deleteMany({ where: { shop } });
    const rows = collections.map(({ id, title, handle }) => ({ shop, id, title, handle, syncedAt }));
    for (let start = 0; start < rows.length; start += 500) await tx.shopCollection.createMany({ data: rows.slice(start, start + 500) });
    const members = collections.flatMap((c) => [...new Set(c.productIds)].map((productId) => ({ shop, collectionId: c.id, productId })));
    for (let start = 0; start < members.length; start += 500) await tx.collectionMembership.createMany({ data: members.slice(start, start + 500) });
  });
  invalidateCrossSellConfig(shop);
}

/** The background task: sync the shop's collections, recording how it went for the rules page. */
export async function syncCollections(db: Database, admin: AdminGraphql, shop: string): Promise<number> {
  await db.collectionSync.upsert({
    where: { shop },
    create: { shop, status: "running" },
    update: { status: "running", error: null, startedAt: new Date(), finishedAt: null },
  });
  try {
    const collections = await fetchCollections(admin);
    await replaceCollections(db, shop, collections);
    await db.collectionSync.update({ where: { shop }, data: { status: "done", collections: collections.length, finishedAt: new Date() } });
    return collections.length;
  } catch (error) {
    await db.collectionSync.update({ where: { shop }, data: { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: new Date() } });
    throw error;
  }
}

export async function listCollections(db: Database, shop: string) {
  return db.shopCollection.findMany({ where: { shop }, orderBy: [{ title: "asc" }, { id: "asc" }], select: { id: true, title: true, handle: true } });
}
