import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

const SHOP_HOST = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/i;

/**
 * Sandbox mode: every request the Shopify library sends to https://<shop>.myshopify.com (Admin
 * GraphQL, token exchange) is sent to the local dev store instead, which answers as Shopify would.
 * This is the only seam between Encore and the sandbox; nothing else in the app knows about it.
 * The shop travels in X-Shopify-Shop-Domain because the local store has a single host name.
 */
export function routeShopifyCallsToLocalShopify(localShopifyUrl: string): void {
  const target = new URL(localShopifyUrl);
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "https:" || !SHOP_HOST.test(url.hostname)) return fetch(input, init);
    const rewritten = new URL(url.pathname + url.search, target);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Shopify-Shop-Domain", url.hostname);
    return fetch(rewritten, { ...init, headers });
  });
}

/**
 * Sandbox mode, document responses: Shopify's library lets only Shopify's admin frame the app (CSP
 * frame-ancestors) and preloads App Bridge from Shopify's CDN; the local admin must be allowed to
 * frame it, and the CDN is unreachable (App Bridge comes from APP_BRIDGE_URL instead).
 */
export function adaptDocumentHeadersToLocalShopify(headers: Headers, localShopifyUrl: string): void {
  if (headers.get("Link")?.includes("cdn.shopify.com")) headers.delete("Link");
  const policy = headers.get("Content-Security-Policy");
  if (!policy) return;
  const origin = new URL(localShopifyUrl).origin;
  const widened = policy.replace(/frame-ancestors ([^;]*)/, (_all, sources: string) =>
    sources.trim() === "'none'" ? `frame-ancestors ${origin}` : `frame-ancestors ${sources} ${origin}`,
  );
  headers.set("Content-Security-Policy", widened);
}
