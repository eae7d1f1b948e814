import { db } from "./db.server";
import { enqueueTask, startJobs } from "./jobs/queue.server";
import { enqueueStrandedDeliveries } from "./webhooks/deliveries.server";

const STRANDED_AFTER_MS = 60_000;
const COMPLEMENTS_REFRESH_MS = 60 * 60_000;

let started = false;

/**
 * Starts this process's background work: the job worker, a sweep for webhook deliveries that
 * were recorded but never enqueued (a crash between the two steps), the hourly re-ranking of
 * every product's complements, the hourly re-read of installed shops' collections (Shopify's
 * collection webhooks do not say which products a collection holds), and the hourly release of
 * loyalty points whose pending period is over.
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
    // Orders re-rank their own products at once; the rest follow the shop's growing totals hourly.
    // Unique jobs: with several processes, one refresh per shop is queued at a time.
    const refreshComplements = async () => {
      const shops = await db.coPurchaseTotal.findMany({ select: { shop: true } });
      for (const { shop } of shops) await enqueueTask("refreshComplements", { shop }, { unique: true });
      const installed = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
      for (const { domain } of installed) await enqueueTask("syncCollections", { shop: domain }, { unique: true });
      const loyalty = await db.loyaltyProgram.findMany({ where: { enabled: true }, select: { shop: true } });
      for (const { shop } of loyalty) await enqueueTask("releaseLoyaltyPoints", { shop }, { unique: true });
    };
    setInterval(() => void refreshComplements().catch((error: unknown) => console.error("Encore: scheduling the complements refresh failed", error)), COMPLEMENTS_REFRESH_MS).unref();
  } catch (error) {
    console.error("Encore: background jobs could not start", error);
    process.exitCode = 1;
    throw error;
  }
}
