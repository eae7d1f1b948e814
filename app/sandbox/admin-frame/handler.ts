// The sandbox's admin frame: the Shopify admin page that embeds Encore, the session-token
// endpoint behind shopify.idToken(), and the App Bridge stand-in script the app loads instead of
// Shopify's CDN copy (APP_BRIDGE_URL).
//
//   GET /admin, /admin/apps/encore[/<path>]  the admin with <appUrl>/app[/<path>] in an iframe
//   GET /admin/session-token?shop=<shop>     { token }: a fresh id token (CORS for the app's origin)
//   GET /sandbox-assets/app-bridge.js        the App Bridge stand-in
//
// Everything else under /admin (the Admin API, token exchange) belongs to other handlers.
import { readFile } from "node:fs/promises";
import type { SandboxConfig, SandboxHandler } from "../sandbox-context";
import { renderAdminPage } from "./admin-page";
import { appPathForAdminPath, embeddedAppUrl, shopName } from "./embedded-app-url";
import { mintSessionToken } from "./session-token";

export const SESSION_TOKEN_PATH = "/admin/session-token";
export const APP_BRIDGE_SCRIPT_PATH = "/sandbox-assets/app-bridge.js";
const APP_NAME = "Encore";
const appBridgeScriptFile = new URL("./app-bridge.js", import.meta.url);

/** The admin frame's routes; stateless, everything comes from context.config. */
export function createAdminFrameHandler(): SandboxHandler {
  return async (request, { config }) => {
    const url = new URL(request.url);
    if (url.pathname === APP_BRIDGE_SCRIPT_PATH) return appBridgeScriptResponse(request);
    if (url.pathname === SESSION_TOKEN_PATH) return sessionTokenResponse(request, url, config);
    const appPath = appPathForAdminPath(url.pathname);
    if (appPath !== null) return adminPageResponse(request, url, config, appPath);
    return null;
  };
}

function adminPageResponse(request: Request, url: URL, config: SandboxConfig, appPath: string): Response {
  if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed("GET, HEAD");
  const appFrameUrl = embeddedAppUrl(config, appPath, { query: url.searchParams });
  const html = renderAdminPage({ shopName: shopName(config.shopDomain), appName: APP_NAME, appFrameUrl });
  // no-store: the page carries a one-minute token; a cached copy would launch the app with a stale one.
  return new Response(request.method === "HEAD" ? null : html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** shopify.idToken() in the iframe fetches here, from the app's origin. */
function sessionTokenResponse(request: Request, url: URL, config: SandboxConfig): Response {
  const cors = {
    "Access-Control-Allow-Origin": new URL(config.appUrl).origin,
    Vary: "Origin",
  };
  if (request.method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: { ...cors, "Access-Control-Allow-Methods": "GET", "Access-Control-Max-Age": "600" },
    });
  }
  if (request.method !== "GET") return methodNotAllowed("GET, OPTIONS");
  const headers = { ...cors, "Content-Type": "application/json", "Cache-Control": "no-store" };
  const shop = url.searchParams.get("shop");
  if (shop !== config.shopDomain) {
    const error = `The sandbox admin only issues session tokens for ${config.shopDomain} (got shop=${shop ?? ""})`;
    return new Response(JSON.stringify({ error }), { status: 400, headers });
  }
  return new Response(JSON.stringify({ token: mintSessionToken(config) }), { headers });
}

async function appBridgeScriptResponse(request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed("GET, HEAD");
  // Read on every request so edits show up on reload; the file is small.
  const script = await readFile(appBridgeScriptFile, "utf8");
  return new Response(request.method === "HEAD" ? null : script, {
    headers: {
      "Content-Type": "application/javascript; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache",
    },
  });
}

function methodNotAllowed(allow: string): Response {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: allow } });
}
