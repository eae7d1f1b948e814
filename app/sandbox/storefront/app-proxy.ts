// The app proxy, as Shopify runs it: storefront requests to /<prefix>/<subpath>/* are forwarded
// to the app's proxy URL with a signed query (shop, logged_in_customer_id, path_prefix,
// timestamp, signature). The app's answer passes through, except `application/liquid`, which
// Shopify renders with the shop's theme (inside the layout unless the body opts out).
import { createHmac } from "node:crypto";
import type { SandboxConfig } from "../sandbox-context";
import { readAppConfig, type AppProxyConfig } from "../webhooks/subscriptions";

export type { AppProxyConfig };

/** The [app_proxy] section of shopify.app.toml, or null when the app declares none. */
export function readAppProxyConfig(appConfigPath: string): AppProxyConfig | null {
  return readAppConfig(appConfigPath).appProxy;
}

/** "/apps/encore": the storefront path the proxy answers under. */
export function appProxyPathPrefix(proxy: AppProxyConfig): string {
  return `/${proxy.prefix}/${proxy.subpath}`;
}

/**
 * The app-proxy signature: every parameter but `signature`, sorted by name, each written
 * `name=value` (repeated parameters joined with ","), concatenated without separator,
 * HMAC-SHA256 hex with the app's secret. Sorted with localeCompare because that is how
 * @shopify/shopify-api's validator orders them.
 */
export function appProxySignature(params: URLSearchParams, apiSecret: string): string {
  const values = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (name === "signature") continue;
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  const message = [...values.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => `${name}=${list.join(",")}`)
    .join("");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}

export interface ProxyIdentity {
  shop: string;
  /** The logged-in customer's id, or null (Shopify then sends an empty logged_in_customer_id). */
  customerId: number | null;
  pathPrefix: string;
  timestamp: number; // unix seconds
}

/** The shopper's query with Shopify's parameters set (theirs win over the shopper's) and signed. */
export function signedProxyQuery(original: URLSearchParams, identity: ProxyIdentity, apiSecret: string): URLSearchParams {
  const params = new URLSearchParams(original);
  for (const name of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]) params.delete(name);
  params.set("shop", identity.shop);
  params.set("logged_in_customer_id", identity.customerId === null ? "" : String(identity.customerId));
  params.set("path_prefix", identity.pathPrefix);
  params.set("timestamp", String(identity.timestamp));
  params.set("signature", appProxySignature(params, apiSecret));
  return params;
}

/** The app URL a storefront path maps to: the TOML url's path on the sandbox's appUrl origin. */
export function appProxyTarget(proxy: AppProxyConfig, appUrl: string, restOfPath: string): URL {
  const configured = new URL(proxy.url);
  const target = new URL(configured.pathname.replace(/\/$/, "") + restOfPath, new URL(appUrl).origin);
  return target;
}

/** Request headers that reach the app. Cookies never do: Shopify strips them from proxied requests. */
const FORWARDED_REQUEST_HEADERS = ["accept", "accept-language", "content-type", "user-agent", "x-requested-with"];
/** Response headers passed back to the shopper (Set-Cookie is dropped, as Shopify does). */
const PASSED_RESPONSE_HEADERS = ["content-type", "cache-control", "location", "etag", "last-modified", "vary"];

export interface AppProxyRequest {
  request: Request;
  config: SandboxConfig;
  proxy: AppProxyConfig;
  /** The path after /apps/encore, "" or starting with "/". */
  restOfPath: string;
  customerId: number | null;
  /** Renders an `application/liquid` answer as the storefront would (theme layout unless `layout none`). */
  renderLiquid: (source: string) => Promise<string>;
  now?: () => number;
}

export async function forwardAppProxyRequest(input: AppProxyRequest): Promise<Response> {
  const { request, config, proxy } = input;
  const now = input.now ?? Date.now;
  const incoming = new URL(request.url);
  const query = signedProxyQuery(
    incoming.searchParams,
    { shop: config.shopDomain, customerId: input.customerId, pathPrefix: appProxyPathPrefix(proxy), timestamp: Math.floor(now() / 1000) },
    config.apiSecret,
  );
  const target = appProxyTarget(proxy, config.appUrl, input.restOfPath);
  target.search = query.toString();

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set("x-forwarded-host", incoming.host);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";

  let answer: Response;
  try {
    answer = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: "manual", // redirects are the shopper's to follow, on the storefront's domain
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Response(`The app proxy could not reach ${target.origin}${target.pathname}: ${reason}`, {
      status: 502,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }

  const responseHeaders = new Headers();
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  const contentType = answer.headers.get("content-type") ?? "";
  if (contentType.split(";")[0].trim().toLowerCase() === "application/liquid") {
    const html = await input.renderLiquid(await answer.text());
    responseHeaders.set("content-type", "text/html; charset=utf-8");
    return new Response(html, { status: answer.status, headers: responseHeaders });
  }
  return new Response(answer.body, { status: answer.status, headers: responseHeaders });
}
