import { describe, expect, it } from "vitest";
import { cancelDecision, codeRequestFor, discountPath, orderDiscountCodes } from "./redemption";
import type { Reward } from "./rewards";

const reward = (changes: Partial<Reward>): Reward => ({
  id: "r1",
  name: "Five off",
  pointsCost: 500,
  kind: "fixed_amount",
  value: 500,
  productVariantId: null,
  minimumSubtotalCents: null,
  codeValidDays: null,
  enabled: true,
  ...changes,
});
const now = new Date("2026-11-23T10:00:00Z");

describe("codeRequestFor", () => {
  it("asks for a code only this customer can use, expiring after the reward's days", () => {
    expect(codeRequestFor(reward({ codeValidDays: 30, minimumSubtotalCents: 2500 }), "77", now)).toEqual({
      title: "Loyalty reward: Five off",
      prefix: "ENCORE-",
      customerId: "77",
      value: { kind: "amount", amountCents: 500 },
      minimumSubtotalCents: 2500,
      endsAt: new Date("2026-12-23T10:00:00Z"),
    });
  });

  it("gives a free product as 100% off its variant, and no end date without valid days", () => {
    const request = codeRequestFor(reward({ kind: "free_product", value: null, productVariantId: "9001" }), "77", now);
    expect(request).toMatchObject({ value: { kind: "percentage", percent: 100 }, productVariantId: "9001", endsAt: null });
    expect(codeRequestFor(reward({ productVariantId: "9001" }), "77", now)).not.toHaveProperty("productVariantId");
  });
});

describe("cancelDecision", () => {
  it("cancels only an issued code nobody used", () => {
    expect(cancelDecision("issued")).toEqual({ cancel: true });
    expect(cancelDecision("issued", 0)).toEqual({ cancel: true });
    expect(cancelDecision("issued", 1)).toMatchObject({ cancel: false, error: "code-used", markUsed: true });
    expect(cancelDecision("issued", null)).toMatchObject({ cancel: false, error: "code-gone" });
    expect(cancelDecision("cancelled", 0)).toMatchObject({ cancel: false, error: "already-cancelled" });
    expect(cancelDecision("used")).toMatchObject({ cancel: false, error: "code-used" });
    expect(cancelDecision("failed")).toMatchObject({ cancel: false, error: "not-issued" });
    expect(cancelDecision("pending")).toMatchObject({ cancel: false, error: "not-issued" });
  });
});

describe("discountPath", () => {
  it("links to Shopify's apply-a-code path, escaped", () => {
    expect(discountPath("ENCORE-AB12")).toBe("/discount/ENCORE-AB12");
    expect(discountPath("A B/C")).toBe("/discount/A%20B%2FC");
  });
});

describe("orderDiscountCodes", () => {
  it("reads the codes of an order webhook, once each, and nothing from a malformed one", () => {
    expect(orderDiscountCodes({ id: 1, discount_codes: [{ code: "ENCORE-A1", amount: "5.00", type: "fixed_amount" }, { code: "ENCORE-A1" }, { code: "SUMMER" }] })).toEqual(["ENCORE-A1", "SUMMER"]);
    expect(orderDiscountCodes({ id: 1 })).toEqual([]);
    expect(orderDiscountCodes({ discount_codes: "nope" })).toEqual([]);
    expect(orderDiscountCodes(null)).toEqual([]);
  });
});
