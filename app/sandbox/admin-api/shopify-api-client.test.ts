// The real @shopify/shopify-api 15 client against the sandbox: token exchange, refresh and
// GraphQL go through the library's own HTTP code (abstractFetch), as they will in the app.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, GraphqlQueryError, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { describe, expect, it } from "vitest";
import { hasAdminSchema } from "./schema";
import { API_KEY, API_SECRET, APP_SCOPES, sessionToken, setUpAdminApi, SHOP } from "./test-fixture";

function setUp(options: Parameters<typeof setUpAdminApi>[0] = {}) {
  // The library checks the session token against the real clock, so the sandbox uses it too.
  const sandbox = setUpAdminApi({ now: Date.now, ...options });
  setAbstractFetchFunc(async (input, init) => {
    const response = await sandbox.handler(new Request(input as string | URL, init as RequestInit));
    return response ?? new Response("Not Found", { status: 404 });
  });
  const shopify = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    scopes: APP_SCOPES.split(","),
    hostName: "encore.test",
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: 0 },
  });
  return { sandbox, shopify };
}

describe.skipIf(!hasAdminSchema())("@shopify/shopify-api against the sandbox", () => {
  it("exchanges a session token for an expiring offline session and refreshes it", async () => {
    const { shopify } = setUp();
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sessionToken({}, API_SECRET, Date.now()),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.isOnline).toBe(false);
    expect(session.scope).toBe(APP_SCOPES);
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(session.refreshToken).toMatch(/^shprt_/);

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);

    const client = new shopify.clients.Graphql({ session: refreshed });
    const response = await client.request(`#graphql
      query { shop { name currencyCode } }`);
    expect(response.data).toEqual({ shop: { name: "Encore Test", currencyCode: "USD" } });
    expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });
  });

  it("creates an online session from the associated user", async () => {
    const { shopify } = setUp();
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sessionToken({}, API_SECRET, Date.now()),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.onlineAccessInfo?.associated_user.id).toBe(42);
  });

  it("surfaces THROTTLED as a GraphqlQueryError the app can recognise and retry", async () => {
    const { shopify } = setUp({ throttle: { maximumAvailable: 20, restoreRate: 1 } });
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sessionToken({}, API_SECRET, Date.now()),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
    });
    const client = new shopify.clients.Graphql({ session });
    const query = `{ products(first: 15) { nodes { id } } }`; // 17 points
    await client.request(query);
    const error = await client.request(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    const body = (error as GraphqlQueryError).body as {
      errors: { graphQLErrors: { extensions: { code: string } }[] };
      extensions: { cost: { throttleStatus: { currentlyAvailable: number; restoreRate: number } } };
    };
    expect(body.errors.graphQLErrors[0].extensions.code).toBe("THROTTLED");
    expect(body.extensions.cost.throttleStatus.restoreRate).toBe(1);
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(17);
  });
});
