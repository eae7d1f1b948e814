import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { acceptWebhook } from "~/webhooks/deliveries.server";

/**
 * Every webhook topic in shopify.app.toml (and the compliance topics) lands here. The signature is
 * checked by authenticate.webhook (401 forged, 400 malformed), the delivery is recorded and queued,
 * and Shopify gets its 200 within milliseconds; the work happens in a job.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticate.webhook(request);
  const outcome = await acceptWebhook(db, {
    shop: webhook.shop,
    topic: webhook.topic,
    webhookId: webhook.webhookId,
    eventId: "eventId" in webhook ? webhook.eventId : undefined,
    triggeredAt: "triggeredAt" in webhook ? webhook.triggeredAt : undefined,
    apiVersion: webhook.apiVersion,
    payload: webhook.payload,
  });
  return new Response(null, { status: 200, headers: { "X-Encore-Delivery": outcome } });
};

export const loader = () => new Response("Webhooks are POSTed by Shopify.", { status: 405, headers: { Allow: "POST" } });
