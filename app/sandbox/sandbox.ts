import type { Server } from "node:http";
import { AccessTokenRegistry } from "./admin-api/access-tokens";
import { createAdminApiHandler } from "./admin-api/handler";
import { createAdminFrameHandler } from "./admin-frame/handler";
import { controlHandler } from "./control";
import { createSandboxHttpServer } from "./http-server";
import { createInboxHandler } from "./inbox/inbox-handler";
import { createSandboxMailServer, type SandboxMailServer } from "./inbox/mail-server";
import type { SandboxConfig, SandboxContext, SandboxHandler } from "./sandbox-context";
import type { SandboxStore } from "./store/store";
import { createPostPurchaseHandler } from "./post-purchase/handler";
import { createStorefrontHandler } from "./storefront/handler";
import { createSandboxEvents } from "./webhooks/sandbox-events";
import { createWebhookSender } from "./webhooks/webhook-sender";

export interface Sandbox {
  context: SandboxContext;
  server: Server;
  /** The SMTP server the app sends flow emails to (SMTP_URL); read on /sandbox/inbox. */
  mail: SandboxMailServer;
  listen(port: number, host?: string): Promise<void>;
  close(): Promise<void>;
}

/** The local Shopify: Admin API, admin frame, storefront, webhooks and controls over one store. */
export function createSandbox(config: SandboxConfig, store: SandboxStore): Sandbox {
  const tokens = new AccessTokenRegistry(config.scopes);
  const sender = createWebhookSender(config);
  const events = createSandboxEvents(config, store, sender);
  const context: SandboxContext = { config, store, tokens, events, webhooks: sender, adminApiFaults: { rate: 0, kinds: [] } };

  const adminApi = createAdminApiHandler({
    store,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    apiVersion: config.apiVersion,
    accessTokens: tokens,
    publicUrl: config.publicUrl,
    extensionsDir: config.extensionsDir,
    faults: context.adminApiFaults, // read per call, so a test can change it while the sandbox runs
    // Admin API mutations fire the webhooks Shopify would send for them.
    onResourceUpdated: (resource, id) => {
      const product = resource === "Product" ? store.product(id) : null;
      if (product) events.productUpdated(product);
      const customer = resource === "Customer" ? store.customer(id) : null;
      if (customer) events.customerUpdated(customer);
    },
  });
  const mail = createSandboxMailServer();
  const handlers: SandboxHandler[] = [
    controlHandler,
    createInboxHandler(mail),
    (request) => adminApi(request),
    createAdminFrameHandler(),
    createPostPurchaseHandler(),
    createStorefrontHandler(),
  ];
  const server = createSandboxHttpServer(context, handlers);
  return {
    context,
    server,
    mail,
    listen: (port, host = "127.0.0.1") => new Promise((resolve) => server.listen(port, host, () => resolve())),
    close: async () => {
      sender.stop();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), mail.close()]);
      store.flush();
    },
  };
}
