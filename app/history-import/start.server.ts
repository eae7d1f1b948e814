import type { Database } from "../db.server";
import { enqueueTask } from "../jobs/queue.server";
import { beginHistoryImport } from "./history-import.server";

/** On install (and when the merchant retries a failed import): import the shop's history in a job. */
export async function startHistoryImport(db: Database, shop: string): Promise<boolean> {
  const started = await beginHistoryImport(db, shop);
  if (started) {
    await enqueueTask("advanceHistoryImport", { shop }, { unique: true });
    // Collections are small next to orders: read them alongside, for rules and fallbacks.
    await enqueueTask("syncCollections", { shop }, { unique: true });
  }
  return started;
}
