// Checkout: the cart becomes a consistent, paid sandbox order and events.orderPlaced announces it.
import { describe, expect, it } from "vitest";
import { orderTotals } from "./checkout";
import { createStorefrontHandler } from "./handler";
import { IDS, testContext, TestShopper } from "./test-fixtures";

function setup() {
  const { context, store, placed } = testContext();
  return { shopper: new TestShopper(createStorefrontHandler(), context), store, placed };
}

describe("orderTotals", () => {
  const line = (priceCents: number, quantity = 1, giftCard = false) => ({ priceCents, quantity, requiresShipping: !giftCard, taxable: !giftCard });

  it("charges $6.95 shipping under $50, none from $50, and 7% tax on goods", () => {
    expect(orderTotals([line(1800, 2)])).toEqual({ subtotalCents: 3600, shippingCents: 695, taxCents: 252, totalCents: 4547 });
    expect(orderTotals([line(2500, 2)])).toEqual({ subtotalCents: 5000, shippingCents: 0, taxCents: 350, totalCents: 5350 });
  });

  it("neither ships nor taxes gift cards", () => {
    expect(orderTotals([line(5000, 1, true)])).toEqual({ subtotalCents: 5000, shippingCents: 0, taxCents: 0, totalCents: 5000 });
  });
});

describe("checkout", () => {
  it("GET /checkout prefills the logged-in customer's email and offers Pay now", async () => {
    const { shopper } = setup();
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 2 }] });
    const html = await (await shopper.get("/checkout")).text();
    expect(html).toContain('name="email" value="ada@example.com"');
    expect(html).toContain('name="address1" value="1 Analytical Way"');
    expect(html).toMatch(/<button type="submit" name="intent" value="pay" class="button">Pay now<\/button>/);
    expect(html).toContain("$45.47 USD"); // 36.00 + 6.95 + 2.52
  });

  it("GET /checkout with an empty cart goes back to the cart", async () => {
    const { shopper } = setup();
    const response = await shopper.get("/checkout");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/cart");
  });

  it("a logged-in customer's order: consistent totals, properties kept, stock taken, event sent, cart emptied", async () => {
    const { shopper, store, placed } = setup();
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    await shopper.postJson("/cart/add.js", {
      items: [
        { id: IDS.coffeeSmall, quantity: 2, properties: { _encore_source: "cross-sell" } },
        { id: IDS.mugVariant, quantity: 1 },
      ],
    });
    const response = await shopper.postForm("/checkout", { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", address1: "", city: "", zip: "" });
    expect(response.status).toBe(303);

    expect(placed).toHaveLength(1);
    const order = placed[0];
    // The repo has a post-purchase extension: Shopify shows its page before the thank-you page.
    expect(response.headers.get("location")).toBe(`/checkouts/post-purchase/${order.id}`);
    expect(store.state.orders.at(-1)).toBe(order);
    expect(order).toMatchObject({
      name: "#1002",
      customerId: IDS.ada,
      email: "ada@example.com",
      currencyCode: "USD",
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      sourceName: "web",
      subtotalCents: 3600 + 2400,
      shippingCents: 0,
      taxCents: 420,
      totalCents: 6420,
      shippingAddress: { address1: "1 Analytical Way", city: "Albany", provinceCode: "NY" },
    });
    expect(order.lineItems).toEqual([
      expect.objectContaining({ productId: IDS.coffee, variantId: IDS.coffeeSmall, title: "Morning Blend", variantTitle: "12 oz", quantity: 2, priceCents: 1800, discountCents: 0, properties: [{ name: "_encore_source", value: "cross-sell" }] }),
      expect.objectContaining({ productId: IDS.mug, variantId: IDS.mugVariant, title: "Ceramic Mug", variantTitle: "", quantity: 1, priceCents: 2400, properties: [] }),
    ]);
    const ids = [order.id, ...order.lineItems.map((l) => l.id)];
    expect(new Set(ids).size).toBe(3);
    expect(order.subtotalCents).toBe(order.lineItems.reduce((sum, l) => sum + l.priceCents * l.quantity - l.discountCents, 0));
    expect(order.totalCents).toBe(order.subtotalCents + order.shippingCents + order.taxCents);
    expect(store.variant(IDS.coffeeSmall)!.variant.inventoryQuantity).toBe(8);
    expect(store.variant(IDS.mugVariant)!.variant.inventoryQuantity).toBe(2);

    const cart = (await (await shopper.get("/cart.js")).json()) as { item_count: number };
    expect(cart.item_count).toBe(0);
    const thankYou = await (await shopper.get(`/checkouts/thank-you/${order.id}`)).text();
    expect(thankYou).toContain('<span data-order-name>#1002</span>');
    expect(thankYou).toContain("Thank you, Ada!");
  });

  it("a guest with a known email becomes that customer's order", async () => {
    const { shopper, placed, store } = setup();
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.mugVariant, quantity: 1 }] });
    await shopper.postForm("/checkout", { email: "GRACE@example.com" });
    expect(placed[0]).toMatchObject({ customerId: IDS.grace, shippingCents: 695, taxCents: 168, totalCents: 2400 + 695 + 168 });
    expect(store.state.customers).toHaveLength(2);
  });

  it("a guest with a new email gets a new customer in the store", async () => {
    const { shopper, placed, store } = setup();
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.giftCardVariant, quantity: 1 }] });
    await shopper.postForm("/checkout", { email: "new.buyer@example.com", first_name: "New", last_name: "Buyer", address1: "5 Main St", city: "Boston", province_code: "ma", zip: "02110" });
    const customer = store.state.customers.at(-1)!;
    expect(customer).toMatchObject({ email: "new.buyer@example.com", firstName: "New", lastName: "Buyer", emailMarketingConsent: "NOT_SUBSCRIBED", tags: [] });
    expect(customer.id).toBeGreaterThanOrEqual(1000);
    expect(Date.parse(customer.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(placed[0]).toMatchObject({ customerId: customer.id, totalCents: 5000, shippingAddress: { address1: "5 Main St", provinceCode: "MA", countryCode: "US" } });
  });

  it("refuses an invalid email and stock that ran out since adding, placing nothing", async () => {
    const { shopper, placed, store } = setup();
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.mugVariant, quantity: 2 }] });
    let response = await shopper.postForm("/checkout", { email: "not-an-email" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Enter a valid email address.");

    store.variant(IDS.mugVariant)!.variant.inventoryQuantity = 1; // someone else bought one
    response = await shopper.postForm("/checkout", { email: "ada@example.com" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Only 1 of Ceramic Mug left");
    expect(placed).toHaveLength(0);
    expect(store.state.orders).toHaveLength(1);
  });
});
