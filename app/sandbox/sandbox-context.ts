import type { FaultOptions } from "./admin-api/cost";
import type { AccessTokenRegistry } from "./admin-api/access-tokens";
import type { SandboxStore } from "./store/store";
import type { SandboxCustomer, SandboxOrder, SandboxProduct, SandboxRefund } from "./store/types";

/** Lines an edit added to an order (the sandbox edits orders only to add lines). */
export interface SandboxOrderEdit {
  id: number;
  createdAt: string;
  addedLineItems: { lineItemId: number; quantity: number }[];
}
import type { WebhookSender } from "./webhooks/webhook-sender";

/**
 * What every part of the sandbox (Shopify's side, emulated) shares: its configuration, the store,
 * issued access tokens and the events that become webhooks to the app.
 */
export interface SandboxConfig {
  /** Where the sandbox listens and how browsers reach it, e.g. http://localhost:3100 */
  publicUrl: string;
  shopDomain: string; // encore-demo.myshopify.com
  /** The Encore app: where webhooks, the admin iframe and app-proxy requests go. */
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  apiVersion: string;
  /** shopify.app.toml: webhook subscriptions and the app proxy, read as Shopify reads them. */
  appConfigPath: string;
  /** extensions/: theme app extension blocks rendered on the storefront. */
  extensionsDir: string;
  /** Webhook retry schedule in ms (Shopify: 8 retries over 4 hours; shorter locally). */
  webhookRetryDelaysMs: number[];
}

/** Shopify-side events; each becomes the webhooks Shopify would send for it. */
export interface SandboxEvents {
  /** orders/create, orders/paid (and customers/create for a new customer). */
  orderPlaced(order: SandboxOrder): void;
  /** refunds/create and orders/updated. */
  orderRefunded(order: SandboxOrder, refund: SandboxRefund): void;
  /** orders/cancelled and orders/updated. */
  orderCancelled(order: SandboxOrder): void;
  /** orders/fulfilled and orders/updated. */
  orderFulfilled(order: SandboxOrder): void;
  /** orders/edited and orders/updated: lines were added after checkout (a post-purchase changeset). */
  orderEdited(order: SandboxOrder, edit: SandboxOrderEdit): void;
  customerCreated(customer: SandboxCustomer): void;
  customerUpdated(customer: SandboxCustomer): void;
  productUpdated(product: SandboxProduct): void;
  /** Resolves when every queued delivery has been answered (or given up); for tests and scripts. */
  idle(): Promise<void>;
}

export interface SandboxContext {
  config: SandboxConfig;
  store: SandboxStore;
  tokens: AccessTokenRegistry;
  events: SandboxEvents;
  /** The delivery log and retries behind the events. */
  webhooks: WebhookSender;
  /** A share of Admin GraphQL calls fail as Shopify's do (THROTTLED, 500, timeout); rate 0 = off. Reliability tests turn it up. */
  adminApiFaults: FaultOptions;
}

/** One area of the sandbox's HTTP surface. Returns null when the path is not its own. */
export type SandboxHandler = (request: Request, context: SandboxContext) => Promise<Response | null>;
