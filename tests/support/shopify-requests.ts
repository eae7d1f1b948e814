import { randomUUID } from "node:crypto";
import { mintSessionToken } from "../../app/sandbox/admin-frame/session-token";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { webhookHmac } from "../../app/sandbox/webhooks/webhook-sender";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import type { Stack } from "./stack";
import { TEST_API_KEY, TEST_API_SECRET } from "./stack";

/**
 * Requests shaped and signed as Shopify sends them, built with the sandbox's own signing code,
 * so tests can also send them tampered, repeated or stale.
 */
export interface WebhookOptions {
  topic: string; // "orders/paid"
  payload: unknown;
  eventId?: string;
  secret?: string;
  omitHeaders?: string[];
}

export async function postWebhook(stack: Stack, { topic, payload, eventId = randomUUID(), secret = TEST_API_SECRET, omitHeaders = [] }: WebhookOptions) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": webhookHmac(body, secret),
    "X-Shopify-Shop-Domain": stack.shop,
    "X-Shopify-API-Version": ADMIN_API_VERSION,
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": eventId,
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
  for (const name of omitHeaders) delete headers[name];
  return fetch(`${stack.app.url}/webhooks`, { method: "POST", headers, body });
}

export function appProxyUrl(
  stack: Stack,
  path: string,
  options: { customerId?: number | null; timestamp?: number; secret?: string; query?: Record<string, string> } = {},
) {
  const query = signedProxyQuery(
    new URLSearchParams(options.query),
    {
      shop: stack.shop,
      customerId: options.customerId ?? null,
      pathPrefix: "/apps/encore",
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    },
    options.secret ?? TEST_API_SECRET,
  );
  return `${stack.app.url}/proxy${path}?${query.toString()}`;
}

export function sessionToken(stack: Stack, options: { secret?: string; now?: number } = {}) {
  return mintSessionToken(
    { shopDomain: stack.shop, apiKey: TEST_API_KEY, apiSecret: options.secret ?? TEST_API_SECRET },
    { now: options.now },
  );
}

/**
 * What a merchant's browser sends. Shopify's library answers 410 to requests that look like bots
 * (Node's fetch does), so admin requests in tests carry a browser's user agent.
 */
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

export function adminFetch(url: string, init: RequestInit & { bearer?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set("User-Agent", BROWSER_USER_AGENT);
  if (init.bearer) headers.set("Authorization", `Bearer ${init.bearer}`);
  return fetch(url, { ...init, headers });
}

/** The URL Shopify's admin loads the embedded app at: embedded=1, shop, host and a fresh id token. */
export function embeddedAppUrl(stack: Stack, path = "/app", token = sessionToken(stack)) {
  const host = Buffer.from(`admin.shopify.com/store/${stack.shop.replace(".myshopify.com", "")}`).toString("base64url");
  const query = new URLSearchParams({ embedded: "1", shop: stack.shop, host, id_token: token, locale: "en" });
  return `${stack.app.url}${path}?${query.toString()}`;
}
