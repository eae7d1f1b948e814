import type { Server } from "node:http";
import { AccessTokenRegistry } from "./admin-api/access-tokens";
import { createAdminApiHandler } from "./admin-api/handler";
import { createAdminFrameHandler } from "./admin-frame/handler";
import { controlHandler } from "./control";
import { createSandboxHttpServer } from "./http-server";
import type { SandboxConfig, SandboxContext, SandboxHandler } from "./sandbox-context";
import type { SandboxStore } from "./store/store";
import { createStorefrontHandler } from "./storefront/handler";
import { createSandboxEvents } from "./webhooks/sandbox-events";
import { createWebhookSender } from "./webhooks/webhook-sender";

export interface Sandbox {
  context: SandboxContext;
  server: Server;
  listen(port: number, host?: string): Promise<void>;
  close(): Promise<void>;
}

/** The local Shopify: Admin API, admin frame, storefront, webhooks and controls over one store. */
export function createSandbox(config: SandboxConfig, store: SandboxStore): Sandbox {
  const tokens = new AccessTokenRegistry(config.scopes);
  const sender = createWebhookSender(config);
  const events = createSandboxEvents(config, store, sender);
  const context: SandboxContext = { config, store, tokens, events };

  const adminApi = createAdminApiHandler({
    store,
    apiKey: config.apiKey,
    apiSecret: config.apiSecret,
    apiVersion: config.apiVersion,
    accessTokens: tokens,
  });
  const handlers: SandboxHandler[] = [
    controlHandler,
    (request) => adminApi(request),
    createAdminFrameHandler(),
    createStorefrontHandler(),
  ];
  const server = createSandboxHttpServer(context, handlers);
  return {
    context,
    server,
    listen: (port, host = "127.0.0.1") => new Promise((resolve) => server.listen(port, host, () => resolve())),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.flush();
    },
  };
}
