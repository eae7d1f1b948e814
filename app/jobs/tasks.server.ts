import { hasActiveBundleDiscount, refreshBundleDiscountConfig } from "../cross-sell/bundle-discount.server";
import { rebuildCoPurchases, recomputeAllComplements } from "../cross-sell/co-purchase.server";
import { db } from "../db.server";
import { env } from "../env.server";
import { appStepEffects } from "../flows/effects.server";
import { enrollLapsedCustomers } from "../flows/flows.server";
import { refreshReplenishmentCycles } from "../flows/replenishment.server";
import { runDueFlowSteps } from "../flows/scheduler.server";
import { pushUnsubscribeToShopify } from "../flows/unsubscribe.server";
import { advanceHistoryImport } from "../history-import/history-import.server";
import { segmentFromSlug } from "../insights/rfm";
import { recomputeInsights } from "../insights/scores.server";
import { syncSegmentTag } from "../insights/segment-tags.server";
import { releaseDueLoyaltyPoints } from "../loyalty/ledger.server";
import { evaluateShopTiers } from "../loyalty/tiers.server";
import { runLoyaltyExpiry } from "../loyalty/expiry.server";
import { awardBirthdays, awardReleasedFirstOrders } from "../loyalty/actions.server";
import { syncChangedMembersToShopify } from "../loyalty/members-sync.server";
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
    // The imported history is what RFM scores and the dashboard are computed from.
    if (outcome === "finished") {
      await enqueueTask("recomputeInsights", { shop }, { unique: true });
      // Replenishment reminders learn the products' cycles from the same history.
      if (await db.flow.count({ where: { shop, enabled: true, trigger: "predicted_replenishment" } })) {
        await enqueueTask("refreshReplenishmentCycles", { shop }, { unique: true });
      }
    }
  },
  /** The products' use cycles for replenishment reminders, from the shop's orders (daily, and on switch-on). */
  refreshReplenishmentCycles: async ({ shop }: { shop: string }) => {
    await refreshReplenishmentCycles(db, shop);
  },
  /** The daily scan of "no order for N days" flows: lapsed customers enter them, once per lapse. */
  enrollLapsedCustomers: async ({ shop }: { shop: string }) => {
    await enrollLapsedCustomers(db, shop);
  },
  /** The shop's collections and their products (for cross-sell rules and the same-collection fallback). */
  syncCollections: async ({ shop }: { shop: string }) => {
    const { admin } = await unauthenticated.admin(shop);
    await syncCollections(db, admin, shop);
  },
  /** Loyalty points whose pending period is over become spendable (hourly). */
  releaseLoyaltyPoints: async ({ shop }: { shop: string }) => {
    const startedAt = new Date();
    await releaseDueLoyaltyPoints(db, shop, startedAt);
    // First-order bonuses are due when the first order's points become spendable (a day's look-back covers a missed run).
    await awardReleasedFirstOrders(db, shop, new Date(startedAt.getTime() - 86_400_000));
  },
  /** Every member's VIP tier, re-evaluated (daily: rolling windows move people down with time; and after tiers are edited). */
  evaluateLoyaltyTiers: async ({ shop, trigger, sync }: { shop: string; trigger?: string; sync?: boolean }) => {
    // sync: write members to Shopify even if nobody moved (a renamed tier changes members' tier metafield,
    // which the tier discount reads); enqueued after the evaluation, so it sees its moves.
    if ((await evaluateShopTiers(db, shop, trigger)) > 0 || sync) await enqueueTask("syncLoyaltyToShopify", { shop }, { unique: true });
  },
  /** Members' balance and tier to customer metafields and the tier tag, for those that changed since the last write. */
  syncLoyaltyToShopify: async ({ shop }: { shop: string }) => {
    const { admin } = await unauthenticated.admin(shop);
    await syncChangedMembersToShopify(db, admin, shop);
  },
  /** Spendable points of inactive customers expire, and reminders are recorded before (daily; off unless the program sets it). */
  expireLoyaltyPoints: async ({ shop }: { shop: string }) => {
    await runLoyaltyExpiry(db, shop);
  },
  /** Birthday points for customers whose birthday (Shopify's facts.birth_date) is today, once a year (daily). */
  awardLoyaltyBirthdays: async ({ shop }: { shop: string }) => {
    const program = await db.loyaltyProgram.findUnique({ where: { shop }, select: { enabled: true, birthdayPoints: true } });
    if (!program?.enabled || program.birthdayPoints <= 0) return;
    const { admin } = await unauthenticated.admin(shop);
    await awardBirthdays(db, admin, shop);
  },
  /** Every customer's RFM score and the dashboard's figures (daily, after the history import, on a stale dashboard). */
  recomputeInsights: async ({ shop }: { shop: string }) => {
    await recomputeInsights(db, shop);
  },
  /** A segment's membership as a Shopify customer tag (the merchant asked on the segment page). */
  syncSegmentTag: async ({ shop, segment }: { shop: string; segment: string }) => {
    const known = segmentFromSlug(segment);
    if (!known) return; // a payload from an older version: nothing to do
    const { admin } = await unauthenticated.admin(shop);
    await syncSegmentTag(db, admin, shop, known);
  },
  /**
   * The shop's due flow steps (every FLOWS_TICK_SECONDS). Safe with any number of processes: runs
   * are claimed atomically and each step is logged once before it sends.
   */
  runFlows: async ({ shop }: { shop: string }) => {
    if (!env.SMTP_URL) return; // no way to send: runs keep waiting (stale steps are skipped later)
    const installed = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt) return; // no access to the shop: its runs wait (a reinstall resumes them)
    const { admin } = await unauthenticated.admin(shop);
    await runDueFlowSteps(db, shop, appStepEffects(db, shop, admin, env.SMTP_URL), {
      worker: FLOW_WORKER,
      sendsPerMinute: env.FLOWS_SENDS_PER_MINUTE,
      retryAfterMs: env.FLOWS_SEND_RETRY_SECONDS * 1000,
    });
  },
  /** A customer unsubscribed from a flow email: Shopify's email marketing state follows. */
  pushEmailUnsubscribe: async ({ shop, customerId }: { shop: string; customerId: string }) => {
    const installed = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt) return;
    const { admin } = await unauthenticated.admin(shop);
    await pushUnsubscribeToShopify(db, admin, shop, customerId);
  },
} satisfies Record<string, (payload: never) => Promise<unknown>>;

/** This process in flow-run claims. */
const FLOW_WORKER = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * What the storefront offers changed (complements recomputed, a rule or a setting saved): the
 * bundle discount's allowed lists follow (only for shops that use it).
 */
export async function enqueueBundleDiscountRefresh(shop: string) {
  if (await hasActiveBundleDiscount(db, shop)) await enqueueTask("refreshBundleDiscount", { shop }, { unique: true });
}

export type TaskName = keyof typeof tasks;
export type TaskPayload<Name extends TaskName> = Parameters<(typeof tasks)[Name]>[0];
