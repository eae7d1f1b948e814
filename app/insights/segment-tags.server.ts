import type { Database } from "../db.server";
import { AdminApiError, adminMutation, type AdminGraphql } from "../shopify/admin-api.server";
import { CUSTOMER_TAGS_ADD_MUTATION, CUSTOMER_TAGS_REMOVE_MUTATION, type CustomerTagsAddMutation, type CustomerTagsRemoveMutation } from "../shopify/graphql/CustomerTags";
import { segmentTag, type Segment } from "./rfm";

type Payloads<T> = { [K in keyof T]: NonNullable<T[K]> };
type AddPayload = Payloads<Omit<CustomerTagsAddMutation, "__typename">>;
type RemovePayload = Payloads<Omit<CustomerTagsRemoveMutation, "__typename">>;

const customerGid = (customerId: string) => `gid://shopify/Customer/${customerId}`;

/** The merchant asked for a sync: recorded as queued (the task does the work). */
export async function queueSegmentTagSync(db: Database, shop: string, segment: Segment, now = new Date()) {
  const data = { tag: segmentTag(segment), status: "queued", added: 0, removed: 0, failed: 0, error: null, queuedAt: now, finishedAt: null };
  await db.segmentTagSync.upsert({ where: { shop_segment: { shop, segment } }, create: { shop, segment, ...data }, update: data });
}

export async function lastSegmentTagSync(db: Database, shop: string, segment: Segment) {
  return db.segmentTagSync.findUnique({ where: { shop_segment: { shop, segment } } });
}

/**
 * Makes the segment's tag (encore-segment-<slug>) mark exactly its current members: tagsAdd for
 * members Encore has not tagged yet, tagsRemove for those it tagged who left the segment. Each
 * success is recorded at once, so a retried task resumes where it stopped. A customer Shopify no
 * longer knows (deleted) is counted as failed and skipped; other errors fail the task (retried).
 */
export async function syncSegmentTag(db: Database, admin: AdminGraphql, shop: string, segment: Segment, now = new Date()) {
  const tag = segmentTag(segment);
  await db.segmentTagSync.upsert({
    where: { shop_segment: { shop, segment } },
    create: { shop, segment, tag, status: "running", queuedAt: now },
    update: { status: "running", error: null },
  });
  const [members, tagged] = await Promise.all([
    db.customerScore.findMany({ where: { shop, segment }, select: { customerId: true } }),
    db.segmentTagMember.findMany({ where: { shop, segment }, select: { customerId: true } }),
  ]);
  const memberIds = new Set(members.map((row) => row.customerId));
  const taggedIds = new Set(tagged.map((row) => row.customerId));
  // Pseudonymised (redacted) customers have no Shopify record to tag.
  const toAdd = [...memberIds].filter((id) => !taggedIds.has(id) && !id.startsWith("redacted-"));
  const toRemove = [...taggedIds].filter((id) => !memberIds.has(id));

  let added = 0;
  let removed = 0;
  let failed = 0;
  const skipped = (error: unknown) => error instanceof AdminApiError && /does not exist|not found/i.test(error.message);
  try {
    for (const customerId of toAdd) {
      try {
        await adminMutation<AddPayload>(admin, "CustomerTagsAdd", CUSTOMER_TAGS_ADD_MUTATION, { id: customerGid(customerId), tags: [tag] }, "tagsAdd");
      } catch (error) {
        if (!skipped(error)) throw error;
        failed++;
        continue;
      }
      await db.segmentTagMember.upsert({
        where: { shop_segment_customerId: { shop, segment, customerId } },
        create: { shop, segment, customerId },
        update: {},
      });
      added++;
    }
    for (const customerId of toRemove) {
      let untagged = true;
      try {
        await adminMutation<RemovePayload>(admin, "CustomerTagsRemove", CUSTOMER_TAGS_REMOVE_MUTATION, { id: customerGid(customerId), tags: [tag] }, "tagsRemove");
      } catch (error) {
        if (!skipped(error)) throw error;
        failed++;
        untagged = false;
      }
      // A deleted customer has no tag left either: forget them both ways.
      await db.segmentTagMember.deleteMany({ where: { shop, segment, customerId } });
      if (untagged) removed++;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.segmentTagSync.update({ where: { shop_segment: { shop, segment } }, data: { status: "failed", error: message.slice(0, 1000), added, removed, failed } });
    throw error;
  }
  await db.segmentTagSync.update({ where: { shop_segment: { shop, segment } }, data: { status: "done", added, removed, failed, finishedAt: new Date() } });
  return { tag, added, removed, failed };
}
