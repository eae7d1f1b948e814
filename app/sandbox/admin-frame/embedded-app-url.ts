// How the admin opens an embedded app: the app's URL plus the launch parameters Shopify adds
// (embedded, shop, host, id_token, ...), and how admin paths map to app paths and back.
import { createHmac } from "node:crypto";
import type { SandboxConfig } from "../sandbox-context";
import { adminSessionId, mintSessionToken } from "./session-token";

/** The app's place in the sandbox admin: /admin/apps/encore/<path> shows <appUrl>/app/<path>. */
export const ADMIN_APP_PATH = "/admin/apps/encore";
/** The app's embedded pages live under /app (the root route only redirects there). */
export const APP_PATH_PREFIX = "/app";

/** Parameters Shopify adds when it loads the app; they never belong to the app's own URLs. */
export const LAUNCH_PARAMS = ["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp", "appLoadId"];

type LaunchConfig = Pick<SandboxConfig, "shopDomain" | "appUrl" | "apiKey" | "apiSecret">;

export interface EmbeddedAppUrlOptions {
  /** Milliseconds since the epoch (Date.now() by default). */
  now?: number;
  /** The app's own query parameters (e.g. from a deep link); launch parameters in it are ignored. */
  query?: URLSearchParams;
  locale?: string;
}

/**
 * The iframe URL for an app path such as "/app" or "/app/loyalty", with a fresh id token, exactly
 * as the admin builds it (token-exchange apps authenticate from id_token; hmac is there because
 * Shopify sends it too).
 */
export function embeddedAppUrl(config: LaunchConfig, appPath: string, options: EmbeddedAppUrlOptions = {}): string {
  const now = options.now ?? Date.now();
  const url = new URL(`${config.appUrl.replace(/\/+$/, "")}${appPath}`);
  for (const [key, value] of options.query ?? []) {
    if (!LAUNCH_PARAMS.includes(key)) url.searchParams.append(key, value);
  }
  const launch: Record<string, string> = {
    embedded: "1",
    host: shopAdminHost(config.shopDomain),
    id_token: mintSessionToken(config, { now }),
    locale: options.locale ?? "en",
    session: adminSessionId(config.shopDomain),
    shop: config.shopDomain,
    timestamp: String(Math.floor(now / 1000)),
  };
  for (const [key, value] of Object.entries(launch)) url.searchParams.set(key, value);
  url.searchParams.set("hmac", launchHmac(url.searchParams, config.apiSecret));
  url.searchParams.sort();
  return url.toString();
}

/**
 * The `host` parameter: base64 of "admin.shopify.com/store/<shop-name>" without padding, as
 * Shopify sends it. (Plain base64, not base64url: the library's sanitizeHost only accepts
 * [A-Za-z0-9+/]; for shop names both encodings are the same characters anyway.)
 */
export function shopAdminHost(shopDomain: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopName(shopDomain)}`, "utf8").toString("base64").replace(/=+$/, "");
}

export function shopName(shopDomain: string): string {
  return shopDomain.replace(/\.myshopify\.com$/i, "");
}

/**
 * Shopify's admin HMAC: hex HMAC-SHA256 over every parameter except hmac/signature, sorted by
 * name and URL-encoded (spaces as %20), the message the library's validateHmac rebuilds.
 */
export function launchHmac(params: URLSearchParams, apiSecret: string): string {
  const signed = new URLSearchParams(
    [...params].filter(([key]) => key !== "hmac" && key !== "signature").sort(([a], [b]) => a.localeCompare(b)),
  );
  return createHmac("sha256", apiSecret).update(signed.toString().replace(/\+/g, "%20")).digest("hex");
}

/** "/admin" and "/admin/apps/encore[/...]" -> the app path they show ("/app[/...]"); otherwise null. */
export function appPathForAdminPath(adminPath: string): string | null {
  const path = adminPath.replace(/\/+$/, "");
  if (path === "/admin" || path === ADMIN_APP_PATH) return APP_PATH_PREFIX;
  if (path.startsWith(`${ADMIN_APP_PATH}/`)) return `${APP_PATH_PREFIX}${path.slice(ADMIN_APP_PATH.length)}`;
  return null;
}
