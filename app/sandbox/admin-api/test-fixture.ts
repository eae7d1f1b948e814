// A tiny, hand-written sandbox store for the Admin API tests (independent of the seed generator).
import { createHmac } from "node:crypto";
import { SandboxStore } from "../store/store";
import type { SandboxOrder, SandboxState } from "../store/types";
import { AccessTokenRegistry } from "./access-tokens";
import { createAdminApiHandler, type AdminApiHandlerDeps } from "./handler";

export const SHOP = "encore-test.myshopify.com";
export const API_KEY = "test-api-key";
export const API_SECRET = "test-api-secret";
export const API_VERSION = "2026-10";
export const APP_SCOPES = "read_products,write_customers,read_orders,write_orders,write_discounts";
export const NOW = Date.parse("2026-11-01T12:00:00Z");

function order(partial: Partial<SandboxOrder> & Pick<SandboxOrder, "id" | "name" | "createdAt">): SandboxOrder {
  return {
    customerId: 500,
    email: "ada@example.com",
    processedAt: partial.createdAt,
    updatedAt: partial.createdAt,
    currencyCode: "USD",
    lineItems: [
      {
        id: partial.id * 10 + 1,
        productId: 100,
        variantId: 101,
        title: "Linen Shirt",
        variantTitle: "S",
        sku: "SHIRT-S",
        vendor: "Encore Goods",
        quantity: 2,
        priceCents: 2500,
        discountCents: 500,
        properties: [{ name: "_encore_source", value: "thank-you" }],
      },
    ],
    discountCodes: [{ code: "WELCOME10", amountCents: 500 }],
    subtotalCents: 4500,
    shippingCents: 500,
    taxCents: 0,
    totalCents: 5000,
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    fulfilledAt: null,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    note: null,
    tags: [],
    sourceName: "web",
    shippingAddress: null,
    ...partial,
  };
}

export function fixtureState(): SandboxState {
  return {
    version: 1,
    shop: {
      domain: SHOP,
      name: "Encore Test",
      email: "owner@encore-test.example",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planName: "Shopify",
      createdAt: "2024-01-01T00:00:00Z",
    },
    products: [
      {
        id: 100,
        handle: "linen-shirt",
        title: "Linen Shirt",
        descriptionHtml: "<p>A <strong>linen</strong> shirt.</p>",
        vendor: "Encore Goods",
        productType: "Shirts",
        tags: ["summer", "linen"],
        status: "ACTIVE",
        isGiftCard: false,
        createdAt: "2025-01-10T10:00:00Z",
        updatedAt: "2026-10-01T10:00:00Z",
        images: [{ id: 110, url: "http://sandbox.test/images/shirt.jpg", altText: "Linen shirt", width: 800, height: 1000 }],
        options: [{ name: "Size", values: ["S", "M"] }],
        variants: [
          { id: 101, productId: 100, title: "S", sku: "SHIRT-S", priceCents: 2500, compareAtPriceCents: 3000, inventoryQuantity: 5, selectedOptions: [{ name: "Size", value: "S" }], position: 1 },
          { id: 102, productId: 100, title: "M", sku: "SHIRT-M", priceCents: 2750, compareAtPriceCents: null, inventoryQuantity: 0, selectedOptions: [{ name: "Size", value: "M" }], position: 2 },
        ],
      },
      {
        id: 200,
        handle: "canvas-tote",
        title: "Canvas Tote",
        descriptionHtml: "<p>Carries things.</p>",
        vendor: "Encore Goods",
        productType: "Bags",
        tags: ["accessories"],
        status: "ACTIVE",
        isGiftCard: false,
        createdAt: "2025-02-10T10:00:00Z",
        updatedAt: "2026-09-01T10:00:00Z",
        images: [],
        options: [{ name: "Title", values: ["Default Title"] }],
        variants: [
          { id: 201, productId: 200, title: "Default Title", sku: "TOTE", priceCents: 1250, compareAtPriceCents: null, inventoryQuantity: 40, selectedOptions: [{ name: "Title", value: "Default Title" }], position: 1 },
        ],
      },
      {
        id: 300,
        handle: "wool-socks",
        title: "Wool Socks",
        descriptionHtml: "",
        vendor: "Other Vendor",
        productType: "Socks",
        tags: ["winter"],
        status: "DRAFT",
        isGiftCard: false,
        createdAt: "2025-03-10T10:00:00Z",
        updatedAt: "2026-08-01T10:00:00Z",
        images: [],
        options: [{ name: "Title", values: ["Default Title"] }],
        variants: [
          { id: 301, productId: 300, title: "Default Title", sku: "SOCKS", priceCents: 900, compareAtPriceCents: null, inventoryQuantity: 12, selectedOptions: [{ name: "Title", value: "Default Title" }], position: 1 },
        ],
      },
    ],
    collections: [
      { id: 400, handle: "summer", title: "Summer", descriptionHtml: "", productIds: [200, 100], updatedAt: "2026-06-01T00:00:00Z" },
    ],
    customers: [
      {
        id: 500, email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", phone: "+15555550100",
        createdAt: "2025-01-01T00:00:00Z", updatedAt: "2026-10-20T00:00:00Z", emailMarketingConsent: "SUBSCRIBED",
        tags: ["vip"], birthday: "1990-12-10",
        defaultAddress: { address1: "1 Main St", city: "Boston", province: "Massachusetts", provinceCode: "MA", zip: "02110", country: "United States", countryCode: "US" },
      },
      {
        id: 501, email: "bob@example.com", firstName: "Bob", lastName: "Byte", phone: null,
        createdAt: "2025-05-01T00:00:00Z", updatedAt: "2026-09-01T00:00:00Z", emailMarketingConsent: "NOT_SUBSCRIBED",
        tags: [], birthday: null, defaultAddress: null,
      },
    ],
    orders: [
      order({ id: 600, name: "#1001", createdAt: "2025-06-01T10:00:00Z" }), // older than 60 days
      order({ id: 601, name: "#1002", createdAt: "2026-09-15T10:00:00Z", financialStatus: "PENDING" }),
      order({
        id: 602, name: "#1003", createdAt: "2026-10-01T10:00:00Z", updatedAt: "2026-10-05T10:00:00Z", financialStatus: "PARTIALLY_REFUNDED",
        refunds: [{ id: 650, createdAt: "2026-10-05T10:00:00Z", note: "Too small", refundLineItems: [{ lineItemId: 6021, quantity: 1, subtotalCents: 2250 }], shippingRefundCents: 0 }],
      }),
      order({ id: 603, name: "#1004", createdAt: "2026-10-20T10:00:00Z", customerId: 501, email: "bob@example.com", fulfillmentStatus: "FULFILLED", fulfilledAt: "2026-10-21T10:00:00Z" }),
      order({ id: 604, name: "#1005", createdAt: "2026-10-30T10:00:00Z" }),
    ],
    nextId: 10_000,
    nextOrderNumber: 1006,
  };
}

export function fixtureStore(): SandboxStore {
  return new SandboxStore(fixtureState(), null);
}

/** An HS256 App Bridge session token, built by hand as Shopify would. */
export function sessionToken(overrides: Record<string, unknown> = {}, secret = API_SECRET, nowMs = NOW): string {
  const nowS = Math.floor(nowMs / 1000);
  const payload = {
    iss: `https://${SHOP}/admin`,
    dest: `https://${SHOP}`,
    aud: API_KEY,
    sub: "42",
    exp: nowS + 60,
    nbf: nowS - 5,
    iat: nowS - 5,
    jti: "jti-1",
    sid: "sid-1",
    ...overrides,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(payload)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** A handler over a fresh fixture store, a clock the test can move, and a ready access token. */
export function setUpAdminApi(options: Partial<AdminApiHandlerDeps> & { scopes?: string } = {}) {
  const clock = { now: NOW };
  const now = options.now ?? (() => clock.now);
  const store = options.store ?? fixtureStore();
  const accessTokens = options.accessTokens ?? new AccessTokenRegistry(options.scopes ?? APP_SCOPES, { now });
  const handler = createAdminApiHandler({ store, apiKey: API_KEY, apiSecret: API_SECRET, apiVersion: API_VERSION, accessTokens, now, ...options });
  const token = accessTokens.issueOffline(SHOP, { expiring: false }).accessToken;

  async function graphql(query: string, variables?: Record<string, unknown>, accessToken = token) {
    const response = await handler(
      new Request(`https://${SHOP}/admin/api/${API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
        body: JSON.stringify({ query, variables }),
      }),
    );
    if (!response) throw new Error("handler did not serve the GraphQL path");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (await response.json()) as any };
  }

  return { store, accessTokens, handler, token, clock, graphql };
}
