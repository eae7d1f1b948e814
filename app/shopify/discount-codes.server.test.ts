// Single-use codes against the sandbox's Admin API (the real 2026-10 schema): what Shopify is
// asked for, and what the caller gets back when Shopify says no.
import { describe, expect, it } from "vitest";
import { setUpAdminApi } from "../sandbox/admin-api/test-fixture";
import type { AdminGraphql } from "./admin-api.server";
import { codeUsageCount, createSingleUseCode, deactivateCode, randomCode } from "./discount-codes.server";

function sandboxAdmin() {
  const api = setUpAdminApi();
  const admin: AdminGraphql = {
    graphql: (async (query: string, options?: { variables?: Record<string, unknown> }) => {
      const { body } = await api.graphql(query, options?.variables);
      return new Response(JSON.stringify(body));
    }) as AdminGraphql["graphql"],
  };
  return { ...api, admin };
}

const CUSTOMER = "501"; // a customer of the Admin API fixture

describe("randomCode", () => {
  it("adds an unambiguous 8-character suffix to the prefix", () => {
    const code = randomCode("encore-");
    expect(code).toMatch(/^ENCORE-[A-HJ-NP-Z2-9]{8}$/);
    expect(new Set(Array.from({ length: 50 }, () => randomCode("X-"))).size).toBe(50);
  });
});

describe("createSingleUseCode", () => {
  it("creates a percentage code for one customer, usable once, with an end date", async () => {
    const { admin, store } = sandboxAdmin();
    const created = await createSingleUseCode(admin, {
      title: "Loyalty reward: 10% off",
      prefix: "REWARD-",
      customerId: CUSTOMER,
      value: { kind: "percentage", percent: 10 },
      minimumSubtotalCents: 2500,
      endsAt: new Date("2027-01-01T00:00:00Z"),
    });
    expect(created).toMatchObject({ ok: true, code: expect.stringMatching(/^REWARD-/), discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/) });
    const [discount] = store.state.discounts!;
    expect(discount).toMatchObject({
      title: "Loyalty reward: 10% off",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerIds: [501],
      value: { type: "percentage", percentage: 0.1 },
      minimumSubtotalCents: 2500,
      endsAt: "2027-01-01T00:00:00Z",
    });
  });

  it("creates fixed-amount, free-product and free-shipping codes", async () => {
    const { admin, store } = sandboxAdmin();
    const variantId = String(store.state.products[0].variants[0].id);
    expect((await createSingleUseCode(admin, { title: "$5", prefix: "A-", customerId: CUSTOMER, value: { kind: "amount", amountCents: 500 } })).ok).toBe(true);
    expect((await createSingleUseCode(admin, { title: "Free item", prefix: "B-", customerId: CUSTOMER, value: { kind: "percentage", percent: 100 }, productVariantId: variantId })).ok).toBe(true);
    expect((await createSingleUseCode(admin, { title: "Ship free", prefix: "C-", customerId: null, value: { kind: "free_shipping" } })).ok).toBe(true);
    const [amount, product, shipping] = store.state.discounts!;
    expect(amount.value).toEqual({ type: "fixed_amount", amountCents: 500, appliesOnEachItem: false });
    expect(product.appliesTo).toEqual({ kind: "products", productIds: [], variantIds: [Number(variantId)] });
    expect(shipping).toMatchObject({ value: { type: "free_shipping" }, customerIds: null });
  });

  it("returns Shopify's refusal as a message instead of throwing", async () => {
    const { admin, store } = sandboxAdmin();
    const created = await createSingleUseCode(admin, { title: "For nobody", prefix: "X-", customerId: "999999", value: { kind: "percentage", percent: 10 } });
    expect(created).toEqual({ ok: false, message: expect.stringContaining("Customer with id: 999999 is invalid") });
    expect(store.state.discounts ?? []).toHaveLength(0);
  });
});

describe("codeUsageCount and deactivateCode", () => {
  it("reads the usage and ends the discount so the code stops working", async () => {
    const { admin, store } = sandboxAdmin();
    const created = await createSingleUseCode(admin, { title: "T", prefix: "T-", customerId: CUSTOMER, value: { kind: "amount", amountCents: 100 } });
    if (!created.ok) throw new Error(created.message);
    expect(await codeUsageCount(admin, created.discountId)).toBe(0);
    store.state.discounts![0].codes[0].usageCount = 1;
    expect(await codeUsageCount(admin, created.discountId)).toBe(1);

    expect(await deactivateCode(admin, created.discountId)).toBe(true);
    expect(store.state.discounts![0].endsAt).not.toBeNull();
    expect(await codeUsageCount(admin, "gid://shopify/DiscountCodeNode/424242")).toBeNull();
    expect(await deactivateCode(admin, "gid://shopify/DiscountCodeNode/424242")).toBe(false);
  });
});
