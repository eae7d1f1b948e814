import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { env } from "./env.server";
import { ADMIN_API_VERSION } from "./shopify/api-version";
import { CachedSessionStorage } from "./shopify/cached-session-storage.server";
import { routeShopifyCallsToLocalShopify } from "./shopify/local-shopify.server";
import { startHistoryImport } from "./history-import/start.server";
import { recordInstallation } from "./shops/installation.server";

// Sandbox mode only: Shopify's side is the local dev store; Encore's code paths stay the same.
if (env.LOCAL_SHOPIFY_URL) routeShopifyCallsToLocalShopify(env.LOCAL_SHOPIFY_URL);

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: ADMIN_API_VERSION,
  scopes: env.SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new CachedSessionStorage(new PrismaSessionStorage(db), { ttlMs: 10_000 }),
  distribution: AppDistribution.AppStore,
  // The library logs every app-proxy request at info: at storefront volume that is noise (and a
  // console write per request), so its info lines show only with LOG_LEVEL=debug.
  logger: { level: env.LOG_LEVEL === "debug" ? LogSeverity.Debug : env.LOG_LEVEL === "error" ? LogSeverity.Error : LogSeverity.Warning },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // Runs after token exchange for a new offline token: install or reinstall.
    afterAuth: async ({ session, admin }) => {
      await recordInstallation(db, session.shop, admin);
      await startHistoryImport(db, session.shop);
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
