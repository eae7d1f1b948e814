// Reliability scenario 6 (docs/reliability.md): forged, expired and misaddressed credentials on
// every route. The routes are read from app/routes, so a route added later is attacked too:
// admin routes (app.*) get session tokens with a wrong signature, a wrong audience or an expired
// lifetime; storefront proxy routes (proxy.*) get a wrong signature or a stale timestamp; every
// other route gets a request with no credentials at all. Each answer must be a 4xx (or a
// redirect to log in) and no table may gain or lose a row.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintSessionToken } from "../../app/sandbox/admin-frame/session-token";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { extensionBody, extensionRoutes, forgedExtensionTokens } from "../support/extension-requests";
import { routeFiles } from "../support/routes";
import { BROWSER_USER_AGENT, postWebhook } from "../support/shopify-requests";
import { startStack, TEST_API_KEY, TEST_API_SECRET, type Stack } from "../support/stack";

let stack: Stack;
let sql: pg.Client;

beforeAll(async () => {
  stack = await startStack({ databaseKind: "postgres" });
  sql = new pg.Client({ connectionString: stack.database.url });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await stack?.stop();
});

// Routes with their own tests for credentials: Shopify's OAuth/login flow and the webhook endpoint
// (attacked separately below); the app's front door only redirects into the admin.
const NOT_ATTACKED_HERE = new Set(["auth.$", "_index", "webhooks"]);

/** Remix flat-route file names -> URL paths ("app.privacy-exports.$exportId" -> "/app/privacy-exports/1"). */
export function routePaths(): { name: string; path: string }[] {
  return routeFiles(NOT_ATTACKED_HERE).map(({ name, path }) => ({ name, path }));
}

/** Row counts of every table but the job library's (its own housekeeping may run at any time). */
async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'sidequest%' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const result = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "${table_name}"`);
    counts[table_name] = Number(result.rows[0].n);
  }
  return counts;
}

function forgedTokens(): Record<string, string> {
  const config = { shopDomain: stack.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET };
  return {
    "wrong signature": mintSessionToken({ ...config, apiSecret: "not-the-secret" }),
    "wrong audience": mintSessionToken({ ...config, apiKey: "another-app" }),
    expired: mintSessionToken(config, { now: Date.now() - 2 * 60 * 60 * 1000 }),
  };
}

function proxyQuery(variant: "wrong signature" | "stale timestamp"): string {
  const identity = { shop: stack.shop, customerId: 1, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) };
  if (variant === "stale timestamp") identity.timestamp -= 60 * 60;
  return signedProxyQuery(new URLSearchParams({ productId: "1" }), identity, variant === "wrong signature" ? "not-the-secret" : TEST_API_SECRET).toString();
}

/** Rejected: a 4xx, or a redirect towards Shopify's login/bounce (never the page or the data). */
function rejected(status: number, location: string | null): boolean {
  if (status >= 400 && status < 500) return true;
  return status >= 300 && status < 400 && location !== null && !/^\/app(\/|$|\?)/.test(new URL(location, "http://x").pathname);
}

describe("forged credentials on every route", () => {
  it("are rejected without a write", async () => {
    const routes = routePaths();
    // Every extension endpoint is attacked with its own kind of token (extensionRoutes throws for
    // an api.* route whose credentials it does not recognise).
    expect(extensionRoutes().map((r) => r.name).sort()).toEqual(routes.filter((r) => r.name.startsWith("api.")).map((r) => r.name).sort());
    expect(extensionRoutes().length).toBeGreaterThanOrEqual(3);
    expect(routes.some((r) => r.name.startsWith("proxy."))).toBe(true);
    expect(routes.some((r) => r.name.startsWith("app."))).toBe(true);
    const before = await rowCounts();
    const accepted: string[] = [];

    for (const route of routes) {
      const attempts: { what: string; url: string; init: RequestInit }[] = [];
      const body = JSON.stringify({ id: "1", points: 100, rewardId: "1", intent: "delete" });
      for (const method of ["GET", "POST"]) {
        const init = (headers: Record<string, string>): RequestInit => ({
          method,
          redirect: "manual",
          headers: { "User-Agent": BROWSER_USER_AGENT, "Content-Type": "application/json", ...headers },
          body: method === "POST" ? body : undefined,
        });
        if (route.name.startsWith("app")) {
          for (const [what, token] of Object.entries(forgedTokens())) {
            attempts.push({ what: `${method} with a session token (${what})`, url: `${stack.app.url}${route.path}`, init: init({ Authorization: `Bearer ${token}` }) });
          }
          attempts.push({ what: `${method} with an embedded id_token (wrong signature)`, url: `${stack.app.url}${route.path}?embedded=1&shop=${stack.shop}&id_token=${forgedTokens()["wrong signature"]}`, init: init({}) });
        } else if (route.name.startsWith("api.")) {
          // Checkout extension endpoints: forged tokens of the kind Shopify gives that extension.
          const kind = extensionRoutes().find((r) => r.name === route.name)!.kind;
          for (const [what, token] of Object.entries(forgedExtensionTokens(kind, stack.shop))) {
            const apiInit = { ...init({ Authorization: `Bearer ${token}` }), body: method === "POST" ? extensionBody({ orderId: "1", productId: "1" }) : undefined };
            attempts.push({ what: `${method} with a ${kind} (${what})`, url: `${stack.app.url}${route.path}`, init: apiInit });
          }
          attempts.push({ what: `${method} with no token`, url: `${stack.app.url}${route.path}`, init: init({}) });
        } else if (route.name.startsWith("proxy")) {
          for (const variant of ["wrong signature", "stale timestamp"] as const) {
            attempts.push({ what: `${method} through the app proxy (${variant})`, url: `${stack.app.url}${route.path}?${proxyQuery(variant)}`, init: init({}) });
          }
          attempts.push({ what: `${method} through the app proxy (unsigned)`, url: `${stack.app.url}${route.path}?shop=${stack.shop}&logged_in_customer_id=1`, init: init({}) });
        } else {
          attempts.push({ what: `${method} with no credentials`, url: `${stack.app.url}${route.path}?token=forged`, init: init({}) });
        }
      }
      for (const attempt of attempts) {
        const response = await fetch(attempt.url, attempt.init);
        await response.arrayBuffer();
        if (!rejected(response.status, response.headers.get("location"))) accepted.push(`${route.name}: ${attempt.what} -> ${response.status}`);
      }
    }

    // Webhooks: a wrong HMAC, then missing Shopify headers.
    const forgedWebhook = await postWebhook(stack, { topic: "orders/paid", payload: { id: 1 }, secret: "not-the-secret" });
    if (forgedWebhook.status !== 401) accepted.push(`webhooks: wrong HMAC -> ${forgedWebhook.status}`);
    const headless = await postWebhook(stack, { topic: "orders/paid", payload: { id: 1 }, omitHeaders: ["X-Shopify-Hmac-Sha256"] });
    if (headless.status < 400 || headless.status >= 500) accepted.push(`webhooks: no HMAC header -> ${headless.status}`);

    expect(accepted, `requests with forged credentials that were not rejected; the app said:\n${stack.app.output().slice(-3000)}`).toEqual([]);
    expect(await rowCounts()).toEqual(before);

    // Controls: the same requests with genuine credentials are served, so the check can tell.
    const genuineProxy = signedProxyQuery(new URLSearchParams(), { shop: stack.shop, customerId: null, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) }, TEST_API_SECRET);
    const proxied = await fetch(`${stack.app.url}/proxy/customer?${genuineProxy.toString()}`, { redirect: "manual" });
    expect(rejected(proxied.status, proxied.headers.get("location")), `genuine proxy request -> ${proxied.status}`).toBe(false);
    const genuineToken = mintSessionToken({ shopDomain: stack.shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
    const admin = await fetch(`${stack.app.url}/app/settings`, { redirect: "manual", headers: { "User-Agent": BROWSER_USER_AGENT, Authorization: `Bearer ${genuineToken}` } });
    expect(rejected(admin.status, admin.headers.get("location")), `genuine admin request -> ${admin.status}`).toBe(false);  });
});
