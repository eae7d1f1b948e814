import { describe, expect, it } from "vitest";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";
import { API_KEY, API_SECRET, APP_SCOPES, sessionToken, setUpAdminApi, SHOP } from "./test-fixture";
import { hasAdminSchema } from "./schema";

type Handler = ReturnType<typeof setUpAdminApi>["handler"];

async function exchange(handler: Handler, params: Record<string, string>, asForm = false) {
  const response = await handler(
    new Request(`https://${SHOP}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": asForm ? "application/x-www-form-urlencoded" : "application/json", Accept: "application/json" },
      body: asForm ? new URLSearchParams(params).toString() : JSON.stringify(params),
    }),
  );
  if (!response) throw new Error("token endpoint not served");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

const tokenExchangeParams = (overrides: Record<string, string> = {}) => ({
  client_id: API_KEY,
  client_secret: API_SECRET,
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: sessionToken(),
  subject_token_type: ID_TOKEN_TYPE,
  requested_token_type: OFFLINE_TOKEN_TYPE,
  ...overrides,
});

describe("token exchange", () => {
  it("issues an expiring offline token with a refresh token when expiring=1 (what shopify-api 15 sends)", async () => {
    const { handler, accessTokens } = setUpAdminApi();
    const { status, body } = await exchange(handler, tokenExchangeParams({ expiring: "1" }));
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/),
      scope: APP_SCOPES,
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 30 * 24 * 3600,
    });
    expect(accessTokens.lookup(body.access_token)).toMatchObject({ kind: "offline", shop: SHOP });
  });

  it("issues a stable non-expiring offline token when not expiring, from a form-encoded body too", async () => {
    const { handler } = setUpAdminApi();
    const first = await exchange(handler, tokenExchangeParams({ expiring: "0" }), true);
    expect(first.body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: APP_SCOPES });
    const second = await exchange(handler, tokenExchangeParams());
    expect(second.body.access_token).toBe(first.body.access_token);
  });

  it("issues an online token with the associated user from the session token's sub", async () => {
    const { handler } = setUpAdminApi();
    const { body } = await exchange(handler, tokenExchangeParams({ requested_token_type: ONLINE_TOKEN_TYPE }));
    expect(body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      scope: APP_SCOPES,
      expires_in: 86399,
      associated_user_scope: APP_SCOPES,
      associated_user: { id: 42, account_owner: true, locale: "en" },
    });
  });

  it("rejects a session token signed with another secret, expired, or for another app", async () => {
    const { handler } = setUpAdminApi();
    const cases = [
      sessionToken({}, "not-the-secret"),
      sessionToken({ exp: Math.floor(Date.parse("2026-11-01T11:00:00Z") / 1000) }),
      sessionToken({ aud: "another-app" }),
      sessionToken({ dest: "https://other-shop.myshopify.com" }),
      "not-a-jwt",
    ];
    for (const subject_token of cases) {
      const { status, body } = await exchange(handler, tokenExchangeParams({ subject_token }));
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_subject_token");
      expect(typeof body.error_description).toBe("string");
    }
    const badClient = await exchange(handler, tokenExchangeParams({ client_secret: "wrong" }));
    expect(badClient.status).toBe(401);
    expect(badClient.body.error).toBe("invalid_client");
  });

  it("refreshes an expiring token (rotating the refresh token), as shopify-api's refreshToken does", async () => {
    const { handler, clock, accessTokens } = setUpAdminApi();
    const issued = (await exchange(handler, tokenExchangeParams({ expiring: "1" }))).body;
    clock.now += 3601 * 1000;
    expect(accessTokens.lookup(issued.access_token)).toBeNull(); // expired

    const refreshParams = { client_id: API_KEY, client_secret: API_SECRET, grant_type: "refresh_token", refresh_token: issued.refresh_token };
    const refreshed = await exchange(handler, refreshParams);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/) });
    expect(refreshed.body.access_token).not.toBe(issued.access_token);
    expect(accessTokens.lookup(refreshed.body.access_token)).not.toBeNull();

    const reused = await exchange(handler, refreshParams);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe("invalid_grant");
  });
});

describe.skipIf(!hasAdminSchema())("access tokens on the GraphQL endpoint", () => {
  it("answers 401 with Shopify's text without a valid token, 404 for another API version", async () => {
    const { graphql, handler } = setUpAdminApi();
    const unauthorized = await graphql(`{ shop { name } }`, undefined, "shpat_unknown");
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

    const wrongVersion = await handler(new Request(`https://${SHOP}/admin/api/2024-01/graphql.json`, { method: "POST", body: "{}" }));
    expect(wrongVersion?.status).toBe(404);
    expect(await handler(new Request(`https://${SHOP}/some/other/path`))).toBeNull();
  });

  it("accepts a token obtained by token exchange and stops accepting it once expired", async () => {
    const { graphql, handler, clock } = setUpAdminApi();
    const { body } = await exchange(handler, tokenExchangeParams({ expiring: "1" }));
    expect((await graphql(`{ shop { name } }`, undefined, body.access_token)).body.data.shop.name).toBe("Encore Test");
    clock.now += 3600 * 1000;
    expect((await graphql(`{ shop { name } }`, undefined, body.access_token)).status).toBe(401);
  });
});
