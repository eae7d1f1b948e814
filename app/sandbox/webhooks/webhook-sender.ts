// Delivers webhooks to the app the way Shopify does: one signed POST per subscription of the topic,
// 5 seconds to answer with a 2xx, retries with the original body on Shopify's schedule, then give up.
import { createHmac, randomUUID } from "node:crypto";
import type { SandboxConfig } from "../sandbox-context";
import { deliveryUrl, readAppConfig, type AppConfig, type WebhookSubscription } from "./subscriptions";

/** Shopify's time limit for an answer; slower is a failed attempt. */
const SHOPIFY_TIMEOUT_MS = 5000;
/** The in-memory delivery log keeps the newest entries only. */
const MAX_LOGGED_DELIVERIES = 1000;

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

/** One webhook (one event to one subscription) and how its delivery went so far. */
export interface WebhookDelivery {
  /** X-Shopify-Webhook-Id: this delivery, the same on every retry. */
  webhookId: string;
  /** X-Shopify-Event-Id: the event, the same for every subscription and retry. */
  eventId: string;
  topic: string;
  url: string;
  triggeredAt: string;
  /** The exact JSON body sent (and signed) on every attempt. */
  body: string;
  attempts: number;
  /** HTTP status of the last attempt; null when it got no answer (network error, timeout). */
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  state: "pending" | "delivered" | "failed";
}

export interface WebhookSenderOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** Source of the ids' randomness (tests make them predictable); crypto.randomUUID otherwise. */
  random?: () => number;
  /** Per-attempt answer deadline; Shopify's 5 s unless a test needs it shorter. */
  timeoutMs?: number;
  /** Where give-ups and unreachable destinations are reported. */
  log?: (message: string) => void;
  /** Subscriptions to use instead of reading config.appConfigPath. */
  appConfig?: AppConfig;
}

export interface WebhookSender {
  /** Sends `payload` as one event of `topic` to each of its subscriptions; [] when none. */
  send(topic: string, payload: unknown, options?: { eventId?: string }): WebhookDelivery[];
  /** The mandatory privacy topics, delivered to the `compliance_topics` subscriptions. */
  sendCompliance(topic: ComplianceTopic, payload: unknown): WebhookDelivery[];
  /** Newest last. Entries are updated in place as attempts happen. */
  deliveries(): readonly WebhookDelivery[];
  /** Resolves when no delivery is pending (delivered or given up). */
  idle(): Promise<void>;
  /** Cancels scheduled retries (their deliveries fail); for shutdown and test teardown. */
  stop(): void;
}

/** A version 4 UUID built from `random`. */
function uuidFrom(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body with the app's secret. */
export function webhookHmac(body: string, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(body, "utf8").digest("base64");
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

export function createWebhookSender(config: SandboxConfig, options: WebhookSenderOptions = {}): WebhookSender {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const newId = options.random ? () => uuidFrom(options.random!) : () => randomUUID();
  const timeoutMs = options.timeoutMs ?? SHOPIFY_TIMEOUT_MS;
  const log = options.log ?? ((message: string) => console.warn(`[sandbox webhooks] ${message}`));
  // Read once, like a deploy: restart the sandbox after editing shopify.app.toml.
  const appConfig = options.appConfig ?? readAppConfig(config.appConfigPath);

  const deliveryLog: WebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();
  const wakeSleepers = new Set<() => void>();
  let stopped = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakeSleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakeSleepers.add(wake);
    });
  }

  async function attempt(delivery: WebhookDelivery, headers: Record<string, string>): Promise<void> {
    delivery.attempts += 1;
    delivery.lastAttemptAt = now().toISOString();
    try {
      const response = await fetchFn(delivery.url, {
        method: "POST",
        headers,
        body: delivery.body,
        redirect: "manual", // Shopify does not follow redirects: a 3xx is a failed attempt
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      delivery.lastStatus = response.status;
      delivery.lastError = response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      delivery.lastStatus = null;
      delivery.lastError = describeError(error);
    }
  }

  async function deliver(delivery: WebhookDelivery, headers: Record<string, string>): Promise<void> {
    const retryDelays = config.webhookRetryDelaysMs;
    for (let retry = 0; ; retry++) {
      await attempt(delivery, headers);
      if (delivery.lastError === null) {
        delivery.state = "delivered";
        return;
      }
      if (retry >= retryDelays.length || stopped) break;
      await sleep(retryDelays[retry]);
      if (stopped) break;
    }
    delivery.state = "failed";
    log(
      `gave up on ${delivery.topic} to ${delivery.url} after ${delivery.attempts} attempt(s): ${delivery.lastError ?? "stopped"} ` +
        `(webhook ${delivery.webhookId}, event ${delivery.eventId})`,
    );
  }

  function deliverToAll(subscriptions: WebhookSubscription[], topic: string, payload: unknown, eventId: string): WebhookDelivery[] {
    const body = JSON.stringify(payload);
    const hmac = webhookHmac(body, config.apiSecret);
    const triggeredAt = now().toISOString();
    const deliveries: WebhookDelivery[] = [];
    for (const subscription of subscriptions) {
      const url = deliveryUrl(config.appUrl, subscription.uri);
      if (url === null) {
        log(`skipped ${topic} to ${subscription.uri}: the sandbox delivers over HTTP only`);
        continue;
      }
      const delivery: WebhookDelivery = {
        webhookId: newId(),
        eventId,
        topic,
        url,
        triggeredAt,
        body,
        attempts: 0,
        lastStatus: null,
        lastError: null,
        lastAttemptAt: null,
        state: "pending",
      };
      const headers = {
        "Content-Type": "application/json",
        "User-Agent": "Shopify-Captain-Hook",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": hmac,
        "X-Shopify-Shop-Domain": config.shopDomain,
        "X-Shopify-API-Version": config.apiVersion,
        "X-Shopify-Webhook-Id": delivery.webhookId,
        "X-Shopify-Event-Id": eventId,
        "X-Shopify-Triggered-At": triggeredAt,
      };
      deliveryLog.push(delivery);
      if (deliveryLog.length > MAX_LOGGED_DELIVERIES) deliveryLog.splice(0, deliveryLog.length - MAX_LOGGED_DELIVERIES);
      const running = deliver(delivery, headers).finally(() => pending.delete(running));
      pending.add(running);
      deliveries.push(delivery);
    }
    return deliveries;
  }

  return {
    send(topic, payload, sendOptions = {}) {
      const subscriptions = appConfig.subscriptions.filter((s) => !s.compliance && s.topic === topic);
      return deliverToAll(subscriptions, topic, payload, sendOptions.eventId ?? newId());
    },
    sendCompliance(topic, payload) {
      const subscriptions = appConfig.subscriptions.filter((s) => s.compliance && s.topic === topic);
      return deliverToAll(subscriptions, topic, payload, newId());
    },
    deliveries: () => deliveryLog,
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stop() {
      stopped = true;
      for (const wake of [...wakeSleepers]) wake();
    },
  };
}
