// A small hand-made sandbox store for the webhook tests: one shop in New York time, a product
// with options and a relative image URL, a long-standing customer, and orders in each state
// the webhooks describe (paid with a code, partly refunded with shipping, cancelled, guest).
import { SandboxStore } from "../store/store";
import type { SandboxCustomer, SandboxOrder, SandboxProduct, SandboxState } from "../store/types";

export const ADDRESS = {
  address1: "12 Main St",
  city: "Albany",
  province: "New York",
  provinceCode: "NY",
  zip: "12207",
  country: "United States",
  countryCode: "US",
};

export function aProduct(): SandboxProduct {
  return {
    id: 100,
    handle: "house-blend",
    title: "House Blend",
    descriptionHtml: "<p>Our house coffee.</p>",
    vendor: "Encore Demo Roasters",
    productType: "Coffee",
    tags: ["coffee", "bestseller"],
    status: "ACTIVE",
    isGiftCard: false,
    createdAt: "2025-01-10T15:00:00.000Z",
    updatedAt: "2026-07-01T16:30:00.000Z",
    images: [{ id: 110, url: "/sandbox-assets/products/house-blend.svg", altText: "House Blend", width: 800, height: 800 }],
    options: [{ name: "Size", values: ["12 oz", "2 lb"] }],
    variants: [
      { id: 101, productId: 100, title: "12 oz", sku: "HB-12", priceCents: 1850, compareAtPriceCents: null, inventoryQuantity: 40, selectedOptions: [{ name: "Size", value: "12 oz" }], position: 1 },
      { id: 102, productId: 100, title: "2 lb", sku: "HB-32", priceCents: 4200, compareAtPriceCents: 4600, inventoryQuantity: 8, selectedOptions: [{ name: "Size", value: "2 lb" }], position: 2 },
    ],
  };
}

export function aCustomer(overrides: Partial<SandboxCustomer> = {}): SandboxCustomer {
  return {
    id: 200,
    email: "ada@example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    phone: "+15185550100",
    createdAt: "2025-03-01T12:00:00.000Z",
    updatedAt: "2026-06-01T12:00:00.000Z",
    emailMarketingConsent: "SUBSCRIBED",
    tags: ["vip"],
    birthday: null,
    defaultAddress: ADDRESS,
    ...overrides,
  };
}

/** Paid, fulfilled, one line with a code discount and an Encore line-item property. */
export function aPaidOrder(overrides: Partial<SandboxOrder> = {}): SandboxOrder {
  return {
    id: 300,
    name: "#1001",
    customerId: 200,
    email: "ada@example.com",
    createdAt: "2026-07-04T18:00:00.000Z",
    processedAt: "2026-07-04T18:00:00.000Z",
    updatedAt: "2026-07-06T10:00:00.000Z",
    currencyCode: "USD",
    lineItems: [
      { id: 301, productId: 100, variantId: 101, title: "House Blend", variantTitle: "12 oz", sku: "HB-12", vendor: "Encore Demo Roasters", quantity: 2, priceCents: 1850, discountCents: 370, properties: [{ name: "_encore_source", value: "cross-sell" }] },
      { id: 302, productId: 100, variantId: 102, title: "House Blend", variantTitle: "2 lb", sku: "HB-32", vendor: "Encore Demo Roasters", quantity: 1, priceCents: 4200, discountCents: 0, properties: [] },
    ],
    discountCodes: [{ code: "WELCOME10", amountCents: 370 }],
    subtotalCents: 3700 - 370 + 4200,
    shippingCents: 695,
    taxCents: 534,
    totalCents: 3700 - 370 + 4200 + 695 + 534,
    financialStatus: "PAID",
    fulfillmentStatus: "FULFILLED",
    fulfilledAt: "2026-07-06T10:00:00.000Z",
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    note: null,
    tags: ["first-order"],
    sourceName: "web",
    shippingAddress: ADDRESS,
    ...overrides,
  };
}

/** The paid order after one unit of line 301 and the shipping came back. */
export function aPartlyRefundedOrder(): SandboxOrder {
  return aPaidOrder({
    id: 400,
    name: "#1002",
    financialStatus: "PARTIALLY_REFUNDED",
    updatedAt: "2026-07-20T14:00:00.000Z",
    refunds: [
      { id: 410, createdAt: "2026-07-20T14:00:00.000Z", note: "Bag arrived torn", refundLineItems: [{ lineItemId: 301, quantity: 1, subtotalCents: 1665 }], shippingRefundCents: 695 },
    ],
  });
}

export function aCancelledOrder(): SandboxOrder {
  return aPaidOrder({
    id: 500,
    name: "#1003",
    financialStatus: "VOIDED",
    fulfillmentStatus: "UNFULFILLED",
    fulfilledAt: null,
    cancelledAt: "2026-07-05T09:30:00.000Z",
    cancelReason: "CUSTOMER",
    updatedAt: "2026-07-05T09:30:00.000Z",
  });
}

export function aGuestOrder(): SandboxOrder {
  return aPaidOrder({ id: 600, name: "#1004", customerId: null, email: "guest@example.com", discountCodes: [], fulfillmentStatus: "UNFULFILLED", fulfilledAt: null });
}

export function testStore(): SandboxStore {
  const state: SandboxState = {
    version: 1,
    shop: {
      domain: "encore-test.myshopify.com",
      name: "Encore Test",
      email: "owner@example.com",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planName: "Basic",
      createdAt: "2025-01-01T00:00:00.000Z",
    },
    products: [aProduct()],
    collections: [],
    customers: [aCustomer()],
    orders: [aPaidOrder(), aPartlyRefundedOrder(), aCancelledOrder(), aGuestOrder()],
    nextId: 1000,
    nextOrderNumber: 1005,
  };
  return new SandboxStore(state, null);
}
