// Discount codes at the sandbox checkout: who may use a code, what it takes off, and that a
// single-use code works exactly once.
import { describe, expect, it } from "vitest";
import type { SandboxDiscount } from "../store/types";
import { allocate } from "./code-discounts";
import { createStorefrontHandler } from "./handler";
import { IDS, testContext, TestShopper } from "./test-fixtures";

function discount(overrides: Partial<SandboxDiscount> & { code: string }): SandboxDiscount {
  const { code, ...rest } = overrides;
  return {
    id: 9000 + Math.floor(Math.random() * 1000),
    title: "Test",
    codes: [{ id: 9999, code, usageCount: 0 }],
    startsAt: "2020-01-01T00:00:00Z",
    endsAt: null,
    usageLimit: null,
    appliesOncePerCustomer: false,
    value: { type: "percentage", percentage: 0.1 },
    appliesTo: { kind: "all" },
    customerIds: null,
    minimumSubtotalCents: null,
    minimumQuantity: null,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    tags: [],
    createdAt: "2020-01-01T00:00:00Z",
    updatedAt: "2020-01-01T00:00:00Z",
    ...rest,
  };
}

function setup(...discounts: SandboxDiscount[]) {
  const { context, store, placed } = testContext();
  store.state.discounts = discounts;
  return { shopper: new TestShopper(createStorefrontHandler(), context), store, placed };
}

const checkoutForm = (fields: Record<string, string> = {}) => ({ email: "ada@example.com", first_name: "Ada", last_name: "L", address1: "", city: "", zip: "", ...fields });

async function cartFor(shopper: TestShopper, customerId: number | null, items = [{ id: IDS.coffeeSmall, quantity: 2 }]) {
  if (customerId !== null) await shopper.get(`/account/login?customer_id=${customerId}`);
  await shopper.postJson("/cart/add.js", { items });
}

describe("allocate", () => {
  it("splits an amount in proportion and in whole cents that add up", () => {
    expect(allocate(1000, [3600, 2400])).toEqual([600, 400]);
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(7, [5, 3, 2]).reduce((a, b) => a + b)).toBe(7);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
  });
});

describe("discount codes at checkout", () => {
  it("a percentage code restricted to the customer applies once and is counted", async () => {
    const { shopper, store, placed } = setup(discount({ code: "ADA-10", customerIds: [IDS.ada], usageLimit: 1, appliesOncePerCustomer: true }));
    await cartFor(shopper, IDS.ada);
    const response = await shopper.postForm("/checkout", checkoutForm({ discount_code: "ada-10", intent: "pay" }));
    expect(response.status).toBe(303);
    const order = placed[0];
    expect(order.discountCodes).toEqual([{ code: "ADA-10", amountCents: 360 }]);
    expect(order.subtotalCents).toBe(3240);
    expect(order.lineItems[0].discountCents).toBe(360);
    expect(store.state.discounts![0].codes[0].usageCount).toBe(1);

    // Used: a second order cannot use it again, and nothing is placed.
    await cartFor(shopper, null);
    const again = await shopper.postForm("/checkout", checkoutForm({ discount_code: "ADA-10", intent: "pay" }));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("This discount code has already been used");
    expect(placed).toHaveLength(1);
  });

  it("another customer, an unknown code and an expired code get Shopify's 'Enter a valid discount code'", async () => {
    const { shopper, placed } = setup(
      discount({ code: "ADA-ONLY", customerIds: [IDS.ada] }),
      discount({ code: "OLD", endsAt: "2021-01-01T00:00:00Z" }),
    );
    await cartFor(shopper, IDS.grace);
    for (const code of ["ADA-ONLY", "NOPE", "OLD"]) {
      const response = await shopper.postForm("/checkout", checkoutForm({ email: "grace@example.com", discount_code: code, intent: "pay" }));
      expect(response.status).toBe(422);
      expect(await response.text()).toContain("Enter a valid discount code");
    }
    expect(placed).toHaveLength(0);
  });

  it("Apply re-prices the checkout without placing the order; a minimum is explained", async () => {
    const { shopper, placed } = setup(discount({ code: "FIVE", value: { type: "fixed_amount", amountCents: 500, appliesOnEachItem: false }, minimumSubtotalCents: 4000 }));
    await cartFor(shopper, IDS.ada);
    const short = await shopper.postForm("/checkout", checkoutForm({ discount_code: "FIVE", intent: "apply" }));
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("Add 4.00 more to your cart to use this discount code");

    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }] }); // $54
    const applied = await shopper.postForm("/checkout", checkoutForm({ discount_code: "FIVE", intent: "apply" }));
    expect(applied.status).toBe(200);
    const html = await applied.text();
    expect(html).toContain("Code FIVE applied");
    expect(html).toContain("-$5.00");
    expect(placed).toHaveLength(0);
  });

  it("/discount/CODE keeps the code for checkout and redirects", async () => {
    const { shopper, placed } = setup(discount({ code: "LINKED", value: { type: "percentage", percentage: 0.5 } }));
    const link = await shopper.get("/discount/LINKED?redirect=/cart");
    expect(link.status).toBe(303);
    expect(link.headers.get("location")).toBe("/cart");
    await cartFor(shopper, IDS.ada);
    expect(await (await shopper.get("/checkout")).text()).toContain('name="discount_code" value="LINKED"');
    await shopper.postForm("/checkout", checkoutForm({ discount_code: "LINKED", intent: "pay" }));
    expect(placed[0].discountCodes).toEqual([{ code: "LINKED", amountCents: 1800 }]);
  });

  it("a free-shipping code takes the shipping off", async () => {
    const { shopper, placed } = setup(discount({ code: "SHIPFREE", value: { type: "free_shipping" } }));
    await cartFor(shopper, IDS.ada, [{ id: IDS.coffeeSmall, quantity: 1 }]); // $18: shipping normally $6.95
    await shopper.postForm("/checkout", checkoutForm({ discount_code: "SHIPFREE", intent: "pay", address1: "1 Analytical Way", city: "London", zip: "1" }));
    expect(placed[0]).toMatchObject({ shippingCents: 0, subtotalCents: 1800, discountCodes: [{ code: "SHIPFREE", amountCents: 0 }] });
  });

  it("a code limited to a product takes nothing off other lines", async () => {
    const { shopper, placed } = setup(discount({ code: "MUG", appliesTo: { kind: "products", productIds: [], variantIds: [IDS.mugVariant] }, value: { type: "percentage", percentage: 1 } }));
    await cartFor(shopper, IDS.ada, [{ id: IDS.coffeeSmall, quantity: 1 }, { id: IDS.mugVariant, quantity: 1 }]);
    await shopper.postForm("/checkout", checkoutForm({ discount_code: "MUG", intent: "pay" }));
    const [coffee, mug] = placed[0].lineItems;
    expect(coffee.discountCents).toBe(0);
    expect(mug.discountCents).toBe(2400);
  });
});
