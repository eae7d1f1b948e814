import { describe, expect, it } from "vitest";
import { discountInput } from "../shopify/discount-codes.server";
import { DEFAULT_THANK_YOU_SETTINGS, nextOrderCodeInput, numericShopifyId, parseThankYouSettingsForm } from "./next-order-code";

describe("the thank-you settings form", () => {
  it("reads a checked box, the percent and the days", () => {
    expect(parseThankYouSettingsForm({ codeEnabled: "on", percent: "15", validDays: "45" })).toEqual({ ok: true, settings: { codeEnabled: true, percent: 15, validDays: 45 } });
    expect(parseThankYouSettingsForm({ percent: "10", validDays: "30" })).toEqual({ ok: true, settings: { codeEnabled: false, percent: 10, validDays: 30 } });
  });

  it("says what is wrong with each field", () => {
    expect(parseThankYouSettingsForm({ codeEnabled: "on", percent: "0", validDays: "400" })).toEqual({
      ok: false,
      errors: { percent: "The discount must be a whole percentage from 1 to 90.", validDays: "The code must be valid for 1 to 365 days." },
    });
    expect(parseThankYouSettingsForm({ percent: "12.5", validDays: "ten" })).toMatchObject({ ok: false, errors: { percent: expect.any(String), validDays: expect.any(String) } });
    expect(parseThankYouSettingsForm({ percent: "95", validDays: "30" })).toMatchObject({ ok: false, errors: { percent: "The discount must be a whole percentage from 1 to 90." } });
  });
});

describe("nextOrderCodeInput", () => {
  const now = new Date("2026-11-23T10:00:00Z");

  it("is a single-use percentage code for the order's customer, ending validDays later", () => {
    const input = nextOrderCodeInput({ codeEnabled: true, percent: 15, validDays: 30 }, { orderName: "#1042", customerId: "7" }, now);
    expect(input).toEqual({
      title: "Encore thank-you code for order #1042",
      prefix: "THANKS-",
      customerId: "7",
      value: { kind: "percentage", percent: 15 },
      endsAt: new Date("2026-12-23T10:00:00Z"),
      startsAt: now,
    });
    // As Shopify gets it: one use, this customer only.
    expect(discountInput(input, "THANKS-ABCDEFGH").discount).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: ["gid://shopify/Customer/7"] } },
      customerGets: { value: { percentage: 0.15 } },
    });
  });

  it("is for anyone holding it when the order has no customer", () => {
    const input = nextOrderCodeInput(DEFAULT_THANK_YOU_SETTINGS, { orderName: "#1", customerId: null }, now);
    expect(discountInput(input, "THANKS-X").discount.context).toEqual({ all: "ALL" });
  });
});

describe("numericShopifyId", () => {
  it("takes a gid of the right type or a plain number, nothing else", () => {
    expect(numericShopifyId("gid://shopify/Order/123", "Order")).toBe("123");
    expect(numericShopifyId("123", "Order")).toBe("123");
    expect(numericShopifyId("gid://shopify/Customer/123", "Order")).toBeNull();
    expect(numericShopifyId("#1001", "Order")).toBeNull();
    expect(numericShopifyId("", "Customer")).toBeNull();
  });
});
