import type { Database } from "../db.server";
import { enqueueTask } from "../jobs/queue.server";

export interface AcceptedWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
  apiVersion?: string;
  payload: unknown;
}

/**
 * Records a verified delivery durably, then hands it to a job. Shopify delivers at least once, so
 * the (shop, event id) key turns a redelivery into a no-op; a delivery recorded earlier whose job
 * was never enqueued (the process died in between) is enqueued now.
 * Returns "accepted" for a new delivery and "duplicate" for one seen before.
 */
export async function acceptWebhook(db: Database, webhook: AcceptedWebhook): Promise<"accepted" | "duplicate"> {
  const eventId = webhook.eventId || webhook.webhookId;
  const existing = await db.webhookDelivery.findUnique({
    where: { shop_eventId: { shop: webhook.shop, eventId } },
    select: { id: true, enqueuedAt: true },
  });
  if (existing?.enqueuedAt) return "duplicate";

  const delivery =
    existing ??
    (await db.webhookDelivery
      .create({
        data: {
          shop: webhook.shop,
          topic: webhook.topic,
          eventId,
          webhookId: webhook.webhookId,
          triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : null,
          apiVersion: webhook.apiVersion ?? null,
          payload: JSON.stringify(webhook.payload),
        },
        select: { id: true, enqueuedAt: true },
      })
      .catch(async (error: unknown) => {
        // Two processes received the same event at once: the other one recorded it.
        if ((error as { code?: string }).code === "P2002") return null;
        throw error;
      }));
  if (!delivery) return "duplicate";

  await enqueueTask("processWebhookDelivery", { deliveryId: delivery.id }, { unique: true });
  await db.webhookDelivery.update({ where: { id: delivery.id }, data: { enqueuedAt: new Date() } });
  return existing ? "duplicate" : "accepted";
}

/** Deliveries recorded but never enqueued (a crash between the two steps): enqueue them again. */
export async function enqueueStrandedDeliveries(db: Database, olderThan: Date): Promise<number> {
  const stranded = await db.webhookDelivery.findMany({
    where: { enqueuedAt: null, receivedAt: { lt: olderThan } },
    select: { id: true },
    take: 500,
  });
  for (const { id } of stranded) {
    await enqueueTask("processWebhookDelivery", { deliveryId: id }, { unique: true });
    await db.webhookDelivery.update({ where: { id }, data: { enqueuedAt: new Date() } });
  }
  return stranded.length;
}
