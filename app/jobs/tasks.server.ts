import { hasActiveBundleDiscount, refreshBundleDiscountConfig } from "../cross-sell/bundle-discount.server";
import { rebuildCoPurchases, recomputeAllComplements } from "../cross-sell/co-purchase.server";
import { db } from "../db.server";
import { advanceHistoryImport } from "../history-import/history-import.server";
import { releaseDueLoyaltyPoints } from "../loyalty/ledger.server";
import { syncCollections } from "../shop-data/collections.server";
import { unauthenticated } from "../shopify.server";
import { enqueueTask } from "./queue.server";
import { processWebhookDelivery } from "../webhooks/process-delivery.server";

/**
 * Every kind of background work Encore does, by name. A task takes a JSON payload, must be
 * idempotent (a job can run again after a crash), and throws to be retried.
 */
export const tasks = {
  processWebhookDelivery: async ({ deliveryId }: { deliveryId: string }) => {
    await processWebhookDelivery(db, deliveryId);
  },
  rebuildCoPurchases: async ({ shop }: { shop: string }) => {
    await rebuildCoPurchases(db, shop);
    await enqueueBundleDiscountRefresh(shop);
  },
  refreshComplements: async ({ shop }: { shop: string }) => {
    await recomputeAllComplements(db, shop);
    await enqueueBundleDiscountRefresh(shop);
  },
  /** Rewrites the bundle discount's configuration metafield from the recomputed complements. */
  refreshBundleDiscount: async ({ shop }: { shop: string }) => {
    if (!(await hasActiveBundleDiscount(db, shop))) return;
    const { admin } = await unauthenticated.admin(shop);
    await refreshBundleDiscountConfig(db, admin, shop);
  },
  /** One step of the history import; schedules the next (polling Shopify's bulk operation every second). */
  advanceHistoryImport: async ({ shop }: { shop: string }) => {
    const { admin } = await unauthenticated.admin(shop);
    const outcome = await advanceHistoryImport(db, admin, shop);
    if (outcome === "poll-later") await enqueueTask("advanceHistoryImport", { shop }, { availableAt: new Date(Date.now() + 1000) });
    if (outcome === "continue") await enqueueTask("advanceHistoryImport", { shop });
  },
  /** The shop's collections and their products (for cross-sell rules and the same-collection fallback). */
  syncCollections: async ({ shop }: { shop: string }) => {
    const { admin } = await unauthenticated.admin(shop);
    await syncCollections(db, admin, shop);
  },
  /** Loyalty points whose pending period is over become spendable (hourly). */
  releaseLoyaltyPoints: async ({ shop }: { shop: string }) => {
    await releaseDueLoyaltyPoints(db, shop);
  },
} satisfies Record<string, (payload: never) => Promise<unknown>>;

/**
 * What the storefront offers changed (complements recomputed, a rule or a setting saved): the
 * bundle discount's allowed lists follow (only for shops that use it).
 */
export async function enqueueBundleDiscountRefresh(shop: string) {
  if (await hasActiveBundleDiscount(db, shop)) await enqueueTask("refreshBundleDiscount", { shop }, { unique: true });
}

export type TaskName = keyof typeof tasks;
export type TaskPayload<Name extends TaskName> = Parameters<(typeof tasks)[Name]>[0];
