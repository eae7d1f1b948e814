import { db } from "../db.server";
import { processWebhookDelivery } from "../webhooks/process-delivery.server";

/**
 * Every kind of background work Encore does, by name. A task takes a JSON payload, must be
 * idempotent (a job can run again after a crash), and throws to be retried.
 */
export const tasks = {
  processWebhookDelivery: async ({ deliveryId }: { deliveryId: string }) => {
    await processWebhookDelivery(db, deliveryId);
  },
} satisfies Record<string, (payload: never) => Promise<unknown>>;

export type TaskName = keyof typeof tasks;
export type TaskPayload<Name extends TaskName> = Parameters<(typeof tasks)[Name]>[0];
