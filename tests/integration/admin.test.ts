import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { adminFetch, embeddedAppUrl, postWebhook, sessionToken } from "../support/shopify-requests";
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

  it("forgets the shop's sessions when the app is uninstalled, and re-installs on the next visit", async () => {
    await adminFetch(embeddedAppUrl(stack));
    expect(await stack.db.session.count({ where: { shop: stack.shop } })).toBeGreaterThan(0);
    const eventId = randomUUID();
    const response = await postWebhook(stack, {
      topic: "app/uninstalled",
      payload: { id: 1, name: "Encore Demo Roasters", domain: stack.shop, myshopify_domain: stack.shop },
      eventId,
    });
    expect(response.status).toBe(200);
    await eventually(() => stack.db.webhookDelivery.findFirst({ where: { eventId, status: "processed" } }), "app/uninstalled");
    expect(await stack.db.session.count({ where: { shop: stack.shop } })).toBe(0);
    expect((await stack.db.shop.findUniqueOrThrow({ where: { domain: stack.shop } })).uninstalledAt).toBeTruthy();

    expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
    expect((await stack.db.shop.findUniqueOrThrow({ where: { domain: stack.shop } })).uninstalledAt).toBeNull();
  });
});
