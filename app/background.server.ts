import { db } from "./db.server";
import { startJobs } from "./jobs/queue.server";
import { enqueueStrandedDeliveries } from "./webhooks/deliveries.server";

const STRANDED_AFTER_MS = 60_000;

let started = false;

/**
 * Starts this process's background work: the job worker and a sweep for webhook deliveries that
 * were recorded but never enqueued (a crash between the two steps).
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
  } catch (error) {
    console.error("Encore: background jobs could not start", error);
    process.exitCode = 1;
    throw error;
  }
}
