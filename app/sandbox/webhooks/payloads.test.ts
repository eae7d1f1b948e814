import { describe, expect, it } from "vitest";
import {
  parseCustomerPayload,
  parseCustomerPrivacyPayload,
  parseOrderCustomer,
  parseOrderPayload,
  parseProductPayload,
  parseRefundOrderId,
  parseRefundPayload,
} from "../../shopify/webhook-payloads";
import { generateDemoShop } from "../seed/generate-demo-shop";
import { SandboxStore } from "../store/store";
import {
  customerPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  orderPayload,
  productPayload,
  refundPayload,
  shopRedactPayload,
  shopTime,
  type PayloadSource,
} from "./payloads";
import { aCancelledOrder, aCustomer, aGuestOrder, aPaidOrder, aPartlyRefundedOrder, aProduct, testStore } from "./test-store";

const store = testStore();
const source: PayloadSource = { shop: store.state.shop, store, publicUrl: "http://localhost:3100" };
/** What the app receives: the payload after a JSON round trip. */
const overTheWire = (payload: unknown): unknown => JSON.parse(JSON.stringify(payload));

describe("shop-time timestamps", () => {
  it("writes times in the shop's zone with its offset, as Shopify does", () => {
    expect(shopTime("2026-01-15T17:00:00.000Z", "America/New_York")).toBe("2026-01-15T12:00:00-05:00");
    expect(shopTime("2026-07-04T18:00:00.000Z", "America/New_York")).toBe("2026-07-04T14:00:00-04:00");
    expect(shopTime("2026-07-04T18:00:00.999Z", "Asia/Kolkata")).toBe("2026-07-04T23:30:00+05:30");
    expect(shopTime("2026-07-04T18:00:00Z", "UTC")).toBe("2026-07-04T18:00:00+00:00");
  });
});

describe("order payloads", () => {
  it("are Shopify's REST shape and parse to the same order in the app", () => {
    const order = aPaidOrder();
    const payload = orderPayload(source, order);
    expect(payload).toMatchObject({
      id: 300,
      admin_graphql_api_id: "gid://shopify/Order/300",
      name: "#1001",
      order_number: 1001,
      currency: "USD",
      presentment_currency: "USD",
      subtotal_price: "75.30",
      total_price: "87.59",
      total_discounts: "3.70",
      total_tax: "5.34",
      financial_status: "paid",
      fulfillment_status: "fulfilled",
      cancel_reason: null,
      created_at: "2026-07-04T14:00:00-04:00",
      tags: "first-order",
      discount_codes: [{ code: "WELCOME10", amount: "3.70", type: "fixed_amount" }],
      shipping_lines: [{ price: "6.95", title: "Standard" }],
    });
    expect(payload.line_items[0]).toMatchObject({
      id: 301,
      product_id: 100,
      variant_id: 101,
      title: "House Blend",
      variant_title: "12 oz",
      name: "House Blend - 12 oz",
      price: "18.50",
      total_discount: "3.70",
      discount_allocations: [{ amount: "3.70", discount_application_index: 0 }],
      properties: [{ name: "_encore_source", value: "cross-sell" }],
    });

    const parsed = parseOrderPayload(overTheWire(payload));
    expect(parsed).toMatchObject({
      id: "300",
      name: "#1001",
      email: "ada@example.com",
      customerId: "200",
      currencyCode: "USD",
      subtotalCents: order.subtotalCents,
      totalCents: order.totalCents,
      financialStatus: "paid",
      processedAt: new Date(order.processedAt),
      updatedAt: new Date(order.updatedAt),
      cancelledAt: null,
      refunds: [],
    });
    expect(parsed.lines).toEqual([
      { id: "301", productId: "100", variantId: "101", title: "House Blend", quantity: 2, unitPriceCents: 1850, discountCents: 370, properties: { _encore_source: "cross-sell" } },
      { id: "302", productId: "100", variantId: "102", title: "House Blend", quantity: 1, unitPriceCents: 4200, discountCents: 0, properties: {} },
    ]);
  });

  it("carry refunds, cancellations and guests the way the app reads them", () => {
    const refunded = parseOrderPayload(overTheWire(orderPayload(source, aPartlyRefundedOrder())));
    expect(refunded.financialStatus).toBe("partially_refunded");
    expect(refunded.refunds).toEqual([
      { id: "410", orderId: "400", createdAt: new Date("2026-07-20T14:00:00.000Z"), amountCents: 1665 + 695, lines: [{ lineId: "301", quantity: 1, subtotalCents: 1665 }] },
    ]);

    const cancelledPayload = orderPayload(source, aCancelledOrder());
    expect(cancelledPayload).toMatchObject({ financial_status: "voided", fulfillment_status: null, cancel_reason: "customer" });
    expect(parseOrderPayload(overTheWire(cancelledPayload)).cancelledAt).toEqual(new Date("2026-07-05T09:30:00.000Z"));

    const guestPayload = overTheWire(orderPayload(source, aGuestOrder()));
    expect(parseOrderPayload(guestPayload).customerId).toBeNull();
    expect(parseOrderCustomer(guestPayload)).toBeNull();
  });

  it("embed the customer without tags or marketing consent (removed from customer payloads in 2025-01)", () => {
    const payload = orderPayload(source, aPaidOrder());
    expect(payload.customer).toMatchObject({ id: 200, email: "ada@example.com", created_at: "2025-03-01T07:00:00-05:00" });
    expect(payload.customer).not.toHaveProperty("tags");
    expect(payload.customer).not.toHaveProperty("email_marketing_consent");
  });

  it("give the app the order's customer through parseOrderCustomer", () => {
    expect(parseOrderCustomer(overTheWire(orderPayload(source, aPaidOrder())))).toEqual({
      id: "200",
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: "+15185550100",
      createdAt: new Date(aCustomer().createdAt),
      updatedAt: new Date(aCustomer().updatedAt),
    });
  });
});

describe("refund payloads", () => {
  it("name the order and return the line and shipping money in one refund transaction", () => {
    const order = aPartlyRefundedOrder();
    const payload = refundPayload(source, order, order.refunds[0]);
    expect(payload).toMatchObject({
      id: 410,
      order_id: 400,
      note: "Bag arrived torn",
      created_at: "2026-07-20T10:00:00-04:00",
      refund_line_items: [{ line_item_id: 301, quantity: 1, subtotal: 16.65, total_tax: 0, line_item: { id: 301, title: "House Blend" } }],
      transactions: [{ kind: "refund", status: "success", amount: "23.60", gateway: "bogus" }],
    });
    const wire = overTheWire(payload);
    expect(parseRefundOrderId(wire)).toBe("400");
    expect(parseRefundPayload(wire, "USD")).toEqual({
      id: "410",
      orderId: "400",
      createdAt: new Date("2026-07-20T14:00:00.000Z"),
      amountCents: 2360,
      lines: [{ lineId: "301", quantity: 1, subtotalCents: 1665 }],
    });
  });
});

describe("customer payloads", () => {
  it("parse in the app; tags and consent are absent as in API 2025-01 and later", () => {
    const payload = customerPayload(source, aCustomer());
    expect(payload).toMatchObject({ id: 200, admin_graphql_api_id: "gid://shopify/Customer/200", addresses: [{ id: 200, default: true }] });
    const parsed = parseCustomerPayload(overTheWire(payload));
    // Unknown (absent) rather than empty, so the app keeps what it already knows.
    expect(parsed.tags).toBeUndefined();
    expect(parsed.emailMarketingState).toBeUndefined();
    expect(parsed).toEqual({
      id: "200",
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      phone: "+15185550100",
      createdAt: new Date("2025-03-01T12:00:00.000Z"),
      updatedAt: new Date("2026-06-01T12:00:00.000Z"),
    });
  });
});

describe("product payloads", () => {
  it("parse in the app, with lowercase status, comma tags and absolute image URLs", () => {
    const payload = productPayload(source, aProduct());
    expect(payload).toMatchObject({
      id: 100,
      handle: "house-blend",
      status: "active",
      tags: "coffee, bestseller",
      variants: [{ id: 101, price: "18.50", sku: "HB-12", option1: "12 oz", inventory_quantity: 40 }, { id: 102, compare_at_price: "46.00" }],
      options: [{ name: "Size", values: ["12 oz", "2 lb"], position: 1 }],
      image: { id: 110, src: "http://localhost:3100/sandbox-assets/products/house-blend.svg" },
    });
    expect(parseProductPayload(overTheWire(payload))).toEqual({
      id: "100",
      handle: "house-blend",
      title: "House Blend",
      vendor: "Encore Demo Roasters",
      productType: "Coffee",
      tags: ["coffee", "bestseller"],
      status: "ACTIVE",
      isGiftCard: false,
      updatedAt: new Date("2026-07-01T16:30:00.000Z"),
    });
  });
});

describe("compliance payloads", () => {
  it("have Shopify's shape and parse in the app", () => {
    const shop = store.state.shop;
    const customer = aCustomer();
    const dataRequest = customersDataRequestPayload(shop, customer, [300, 400], 77);
    expect(dataRequest).toMatchObject({ shop_domain: shop.domain, customer: { id: 200, email: "ada@example.com" }, orders_requested: [300, 400], data_request: { id: 77 } });
    expect(typeof dataRequest.shop_id).toBe("number");
    expect(parseCustomerPrivacyPayload(overTheWire(dataRequest))).toEqual({ customerId: "200", email: "ada@example.com", phone: "+15185550100", orderIds: ["300", "400"] });
    expect(parseCustomerPrivacyPayload(overTheWire(customersRedactPayload(shop, customer, [300])))).toEqual({ customerId: "200", email: "ada@example.com", phone: "+15185550100", orderIds: ["300"] });
    expect(shopRedactPayload(shop)).toEqual({ shop_id: dataRequest.shop_id, shop_domain: shop.domain });
  });
});

describe("the whole demo shop", () => {
  it("produces payloads the app's parsers accept, with amounts intact", () => {
    const demo = new SandboxStore(generateDemoShop(), null);
    const demoSource: PayloadSource = { shop: demo.state.shop, store: demo };
    for (const order of demo.state.orders) {
      const wire = overTheWire(orderPayload(demoSource, order));
      const parsed = parseOrderPayload(wire);
      expect(parsed.totalCents).toBe(order.totalCents);
      expect(parsed.subtotalCents).toBe(order.subtotalCents);
      expect(parseOrderCustomer(wire)?.id ?? null).toBe(order.customerId === null ? null : String(order.customerId));
      for (const refund of order.refunds) parseRefundPayload(overTheWire(refundPayload(demoSource, order, refund)), order.currencyCode);
    }
    for (const customer of demo.state.customers) parseCustomerPayload(overTheWire(customerPayload(demoSource, customer)));
    for (const product of demo.state.products) parseProductPayload(overTheWire(productPayload(demoSource, product)));
  }, 30_000); // ~7,000 orders
});
