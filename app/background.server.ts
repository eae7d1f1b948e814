import { db } from "./db.server";
import { env } from "./env.server";
import { enqueueTask, startJobs } from "./jobs/queue.server";
import { INTERRUPTED_AFTER_MS, settleInterruptedRedemptions } from "./loyalty/redemption.server";
import { forgetOldRateLimitWindows } from "./rate-limit/rate-limit.server";
import { enqueueStrandedDeliveries } from "./webhooks/deliveries.server";

const STRANDED_AFTER_MS = 60_000;
const COMPLEMENTS_REFRESH_MS = 60 * 60_000;
const DAILY_MS = 24 * 60 * 60_000;
const INSIGHTS_MAX_AGE_MS = 24 * 60 * 60_000;

let started = false;

/**
 * Starts this process's background work: the job worker, a sweep for webhook deliveries that
 * were recorded but never enqueued (a crash between the two steps), a sweep for reward
 * redemptions a stopped process left half-done (points spent, no code recorded), the hourly re-ranking of
 * every product's complements, the hourly re-read of installed shops' collections (Shopify's
 * collection webhooks do not say which products a collection holds), the hourly release of
 * loyalty points whose pending period is over, the daily loyalty review (tiers, expiry) and products' use cycles (replenishment reminders), the
 * daily recompute of RFM scores and the dashboard's figures (checked hourly: shops whose last
 * recompute is a day old), and, every FLOWS_TICK_SECONDS, the due steps of each shop's flows.
 */
export async function startBackgroundWork(): Promise<void> {
  if (started) return;
  started = true;
  try {
    await startJobs();
    const sweep = () =>
      enqueueStrandedDeliveries(db, new Date(Date.now() - STRANDED_AFTER_MS)).catch((error: unknown) =>
        console.error("Encore: re-enqueueing stranded webhook deliveries failed", error),
      );
    setInterval(sweep, STRANDED_AFTER_MS).unref();
    const settleRedemptions = () =>
      void settleInterruptedRedemptions(db, new Date(Date.now() - INTERRUPTED_AFTER_MS)).catch((error: unknown) =>
        console.error("Encore: settling interrupted reward redemptions failed", error),
      );
    setInterval(settleRedemptions, STRANDED_AFTER_MS).unref();
    const forgetWindows = () => void forgetOldRateLimitWindows(db).catch((error: unknown) => console.error("Encore: clearing old rate-limit windows failed", error));
    setInterval(forgetWindows, COMPLEMENTS_REFRESH_MS).unref();
    // Orders re-rank their own products at once; the rest follow the shop's growing totals hourly.
    // Unique jobs: with several processes, one refresh per shop is queued at a time.
    const refreshComplements = async () => {
      const shops = await db.coPurchaseTotal.findMany({ select: { shop: true } });
      for (const { shop } of shops) await enqueueTask("refreshComplements", { shop }, { unique: true });
      const installed = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
      for (const { domain } of installed) await enqueueTask("syncCollections", { shop: domain }, { unique: true });
      const loyalty = await db.loyaltyProgram.findMany({ where: { enabled: true }, select: { shop: true } });
      for (const { shop } of loyalty) {
        await enqueueTask("releaseLoyaltyPoints", { shop }, { unique: true });
        await enqueueTask("syncLoyaltyToShopify", { shop }, { unique: true });
      }
      const fresh = await db.customerScoreBoundaries.findMany({ where: { computedAt: { gte: new Date(Date.now() - INSIGHTS_MAX_AGE_MS) } }, select: { shop: true } });
      const recent = new Set(fresh.map((row) => row.shop));
      for (const { domain } of installed) if (!recent.has(domain)) await enqueueTask("recomputeInsights", { shop: domain }, { unique: true });
    };
    // Rolling 12-month tiers move people down with time alone; points expire with inactivity.
    const dailyLoyalty = async () => {
      const loyalty = await db.loyaltyProgram.findMany({ where: { enabled: true }, select: { shop: true } });
      for (const { shop } of loyalty) {
        await enqueueTask("evaluateLoyaltyTiers", { shop }, { unique: true });
        await enqueueTask("expireLoyaltyPoints", { shop }, { unique: true });
        await enqueueTask("awardLoyaltyBirthdays", { shop }, { unique: true });
      }
      // Products' use cycles follow the shop's newer repeat purchases.
      const replenishing = await db.flow.findMany({ where: { enabled: true, trigger: "predicted_replenishment" }, select: { shop: true } });
      for (const { shop } of replenishing) await enqueueTask("refreshReplenishmentCycles", { shop }, { unique: true });
      // Customers who stopped ordering enter "no order for N days" flows (once per lapse).
      const lapsing = await db.flow.findMany({ where: { enabled: true, trigger: "no_order_for_days" }, distinct: ["shop"], select: { shop: true } });
      for (const { shop } of lapsing) await enqueueTask("enrollLapsedCustomers", { shop }, { unique: true });
    };
    const runDaily = () => void dailyLoyalty().catch((error: unknown) => console.error("Encore: scheduling the daily loyalty review failed", error));
    setTimeout(runDaily, 60_000).unref();
    setInterval(runDaily, DAILY_MS).unref();
    setInterval(() => void refreshComplements().catch((error: unknown) => console.error("Encore: scheduling the complements refresh failed", error)), COMPLEMENTS_REFRESH_MS).unref();
    // Flow steps: one unique job per shop with a due run at a time, whichever process enqueues it.
    const runFlows = async () => {
      const enabled = await db.flow.findMany({ where: { enabled: true }, select: { id: true } });
      if (enabled.length === 0) return;
      const due = await db.flowRun.findMany({
        where: { status: "active", nextRunAt: { lte: new Date() }, flowId: { in: enabled.map((flow) => flow.id) } },
        distinct: ["shop"],
        select: { shop: true },
      });
      for (const { shop } of due) await enqueueTask("runFlows", { shop }, { unique: true });
    };
    setInterval(() => void runFlows().catch((error: unknown) => console.error("Encore: scheduling flow steps failed", error)), env.FLOWS_TICK_SECONDS * 1000).unref();
  } catch (error) {
    console.error("Encore: background jobs could not start", error);
    process.exitCode = 1;
    throw error;
  }
}
