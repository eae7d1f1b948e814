import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe("embedded admin", () => {
  it("renders the app for a document request with a valid session token (token exchange with the local Shopify)", async () => {
    const response = await adminFetch(embeddedAppUrl(stack));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Dashboard");
    expect(html).toContain("/sandbox-assets/app-bridge.js");

    // Token exchange stored an expiring offline session and the install hook read the shop.
    const session = await stack.db.session.findFirst({ where: { shop: stack.shop, isOnline: false } });
    expect(session?.accessToken).toBeTruthy();
    expect(session?.refreshToken).toBeTruthy();
    const shop = await eventually(() => stack.db.shop.findUnique({ where: { domain: stack.shop } }), "the shop row");
    expect(shop.name).toBe(stack.sandbox.context.store.state.shop.name);
    expect(shop.currencyCode).toBe("USD");
  });

  it("answers data requests of the embedded app that carry the session token as a bearer header", async () => {
    const response = await adminFetch(`${stack.app.url}/app/customers?_data=routes%2Fapp.customers`, { bearer: sessionToken(stack) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ page: 1, search: "" });
  });

  it("explains bad input with a 400", async () => {
    const response = await adminFetch(`${stack.app.url}/app/customers?page=-3&_data=routes%2Fapp.customers`, { bearer: sessionToken(stack) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/greater than or equal to 1/);
  });

  it("does not render the app for a token signed with another secret", async () => {
    const response = await adminFetch(embeddedAppUrl(stack, "/app", sessionToken(stack, { secret: "forged" })), { redirect: "manual" });
    expect(response.status).not.toBe(200);
  });

  it("refuses a bearer token that has expired", async () => {
    const response = await adminFetch(`${stack.app.url}/app/customers?_data=routes%2Fapp.customers`, {
      bearer: sessionToken(stack, { now: Date.now() - 10 * 60_000 }),
    });
    expect(response.status).toBe(401);
  });
});
