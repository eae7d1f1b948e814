// The AJAX Cart API and the cart pages, through the storefront handler as a browser uses them.
import { describe, expect, it } from "vitest";
import type { CartJson } from "./cart";
import { createStorefrontHandler } from "./handler";
import { IDS, testContext, TestShopper } from "./test-fixtures";

function newShopper() {
  const { context, store } = testContext();
  return { shopper: new TestShopper(createStorefrontHandler(), context), store };
}

async function cart(shopper: TestShopper): Promise<CartJson> {
  return (await shopper.get("/cart.js")).json() as Promise<CartJson>;
}

describe("GET /cart.js", () => {
  it("starts empty with a token kept in the cart cookie", async () => {
    const { shopper } = newShopper();
    const body = await cart(shopper);
    expect(body).toMatchObject({ item_count: 0, total_price: 0, items: [], currency: "USD" });
    expect(body.token).toMatch(/^[0-9a-f]{32}$/);
    expect(shopper.cookie("cart")).toBe(body.token);
    expect((await cart(shopper)).token).toBe(body.token); // same cart on the next request
  });
});

describe("POST /cart/add.js", () => {
  it("adds items (JSON) with properties and answers with the added lines", async () => {
    const { shopper } = newShopper();
    const response = await shopper.postJson("/cart/add.js", {
      items: [
        { id: IDS.coffeeSmall, quantity: 2, properties: { _encore_source: "cross-sell" } },
        { id: IDS.mugVariant, quantity: 1 },
      ],
    });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: CartJson["items"] };
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      id: IDS.coffeeSmall,
      variant_id: IDS.coffeeSmall,
      product_id: IDS.coffee,
      quantity: 2,
      title: "Morning Blend - 12 oz",
      price: 1800,
      line_price: 3600,
      properties: { _encore_source: "cross-sell" },
      handle: "morning-blend",
      image: "/sandbox-assets/products/morning-blend.svg",
    });
    expect(items[0].key).toMatch(new RegExp(`^${IDS.coffeeSmall}:[0-9a-f]{32}$`));
    expect(items[1]).toMatchObject({ title: "Ceramic Mug", variant_title: null });

    const body = await cart(shopper);
    expect(body).toMatchObject({ item_count: 3, total_price: 3600 + 2400 });
  });

  it("merges the same variant and properties into one line, different properties into another", async () => {
    const { shopper } = newShopper();
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }] });
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 2 }] });
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1, properties: { Gift: "yes" } }] });
    const body = await cart(shopper);
    expect(body.items.map((i) => [i.quantity, i.properties])).toEqual([
      [3, {}],
      [1, { Gift: "yes" }],
    ]);
  });

  it("accepts the form encoding (id, quantity, properties[...]) and answers with the item", async () => {
    const { shopper } = newShopper();
    const response = await shopper.postForm("/cart/add.js", [
      ["id", String(IDS.mugVariant)],
      ["quantity", "2"],
      ["properties[Engraving]", "Ada"],
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: IDS.mugVariant, quantity: 2, properties: { Engraving: "Ada" } });
  });

  it.each([
    ["an unknown variant", { items: [{ id: 999999, quantity: 1 }] }, "Cannot find variant"],
    ["a draft product's variant", { items: [{ id: IDS.draftVariant, quantity: 1 }] }, "Cannot find variant"],
    ["a sold-out variant", { items: [{ id: IDS.coffeeLarge, quantity: 1 }] }, "The product 'Morning Blend - 2 lb' is already sold out."],
    ["more than the stock", { items: [{ id: IDS.mugVariant, quantity: 4 }] }, "You can only add 3 Ceramic Mug to the cart."],
    ["stock exceeded across items of one request", { items: [{ id: IDS.mugVariant, quantity: 2 }, { id: IDS.mugVariant, quantity: 2, properties: { a: "b" } }] }, "You can only add 3 Ceramic Mug to the cart."],
  ])("answers 422 Cart Error for %s and adds nothing", async (_, body, description) => {
    const { shopper } = newShopper();
    const response = await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }, ...body.items] });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ status: 422, message: "Cart Error", description });
    expect((await cart(shopper)).item_count).toBe(0);
  });

  it("says so when the cart already holds all the stock", async () => {
    const { shopper } = newShopper();
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.mugVariant, quantity: 3 }] });
    const response = await shopper.postJson("/cart/add.js", { items: [{ id: IDS.mugVariant, quantity: 1 }] });
    expect(await response.json()).toMatchObject({ status: 422, description: "You can't add more Ceramic Mug to the cart." });
  });
});

describe("POST /cart/change.js, /cart/update.js and /cart/clear.js", () => {
  async function filledCart() {
    const setup = newShopper();
    await setup.shopper.postJson("/cart/add.js", {
      items: [
        { id: IDS.coffeeSmall, quantity: 1 },
        { id: IDS.mugVariant, quantity: 1, properties: { _encore_source: "flow" } },
      ],
    });
    return { ...setup, lines: (await cart(setup.shopper)).items };
  }

  it("changes a line by key, by variant id and by line number; 0 removes it", async () => {
    const { shopper, lines } = await filledCart();
    let response = await shopper.postJson("/cart/change.js", { id: lines[1].key, quantity: 3 });
    expect(response.status).toBe(200);
    expect(((await response.json()) as CartJson).items[1]).toMatchObject({ quantity: 3, line_price: 7200 });

    response = await shopper.postJson("/cart/change.js", { id: IDS.coffeeSmall, quantity: 5 });
    expect(((await response.json()) as CartJson).items[0].quantity).toBe(5);

    response = await shopper.postJson("/cart/change.js", { line: 1, quantity: 0 });
    const body = (await response.json()) as CartJson;
    expect(body.items.map((i) => i.variant_id)).toEqual([IDS.mugVariant]);
    expect(body.item_count).toBe(3);
  });

  it("changes properties (the line key follows them)", async () => {
    const { shopper, lines } = await filledCart();
    const response = await shopper.postJson("/cart/change.js", { id: lines[0].key, quantity: 1, properties: { Gift: "yes" } });
    const item = ((await response.json()) as CartJson).items[0];
    expect(item.properties).toEqual({ Gift: "yes" });
    expect(item.key).not.toBe(lines[0].key);
  });

  it("rejects a line that is not in the cart (400) and more than the stock (422)", async () => {
    const { shopper, lines } = await filledCart();
    let response = await shopper.postJson("/cart/change.js", { id: "123:nope", quantity: 1 });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, message: "Cart Error" });
    response = await shopper.postJson("/cart/change.js", { id: lines[1].key, quantity: 9 });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ description: "You can only add 3 Ceramic Mug to the cart." });
    expect((await cart(shopper)).items[1].quantity).toBe(1);
  });

  it("updates quantities, note and attributes", async () => {
    const { shopper } = await filledCart();
    const response = await shopper.postJson("/cart/update.js", { updates: { [IDS.coffeeSmall]: 2, [IDS.giftCardVariant]: 1 }, note: "Leave at door", attributes: { source: "test" } });
    const body = (await response.json()) as CartJson;
    expect(body.items.map((i) => [i.variant_id, i.quantity])).toEqual([
      [IDS.coffeeSmall, 2],
      [IDS.mugVariant, 1],
      [IDS.giftCardVariant, 1],
    ]);
    expect(body).toMatchObject({ note: "Leave at door", attributes: { source: "test" } });
  });

  it("clears the cart", async () => {
    const { shopper } = await filledCart();
    const response = await shopper.request("/cart/clear.js", { method: "POST" });
    expect(await response.json()).toMatchObject({ item_count: 0, items: [] });
  });
});

describe("storefront pages", () => {
  it("the product page has the title, the add-to-cart form and the app-block slot", async () => {
    const { shopper } = newShopper();
    const response = await shopper.get(`/products/morning-blend?variant=${IDS.coffeeSmall}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Morning Blend</h1>");
    expect(html).toMatch(/<form action="\/cart\/add" method="post"[^>]*>[\s\S]*<select name="id"[\s\S]*>Add to cart<\/button>/);
    expect(html).toContain(`<option value="${IDS.coffeeLarge}" data-price="$42.00" data-available="false">2 lb – $42.00 (sold out)</option>`);
    expect(html).toContain("data-app-block-slot");
  });

  it.each(["/products/secret-draft", "/products/no-such-thing", "/collections/no-such-thing"])("%s is a 404 page", async (path) => {
    const { shopper } = newShopper();
    const response = await shopper.get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("<h1>Page not found</h1>");
  });

  it("collections list only published products", async () => {
    const { shopper } = newShopper();
    const html = await (await shopper.get("/collections/coffee")).text();
    expect(html).toContain("Morning Blend");
    expect(html).toContain("Ceramic Mug");
    expect(html).not.toContain("Secret Draft");
    const all = await (await shopper.get("/collections/all")).text();
    expect(all).toContain("Gift Card");
  });

  it("the form cart flow: add, header count, update, remove, and Check out goes to /checkout", async () => {
    const { shopper } = newShopper();
    let response = await shopper.postForm("/cart/add", { id: String(IDS.coffeeSmall), quantity: "2" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/cart");
    let html = await (await shopper.get("/cart")).text();
    expect(html).toContain('<span id="cart-count" data-cart-count>2</span>');
    expect(html).toMatch(/<button type="submit" name="checkout"[^>]*>Check out<\/button>/);

    response = await shopper.postForm("/cart", [["updates[]", "3"], ["checkout", "1"]]);
    expect(response.headers.get("location")).toBe("/checkout");
    expect((await cart(shopper)).item_count).toBe(3);

    response = await shopper.get("/cart/change?line=1&quantity=0");
    expect(response.headers.get("location")).toBe("/cart");
    html = await (await shopper.get("/cart")).text();
    expect(html).toContain("Your cart is empty.");
  });

  it("a failed form add shows the cart with the error", async () => {
    const { shopper } = newShopper();
    const response = await shopper.postForm("/cart/add", { id: String(IDS.coffeeLarge) });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("is already sold out.");
  });

  it("/products/<handle>.js gives the product JSON in cents", async () => {
    const { shopper } = newShopper();
    const body = (await (await shopper.get("/products/morning-blend.js")).json()) as { price: number; variants: { id: number; available: boolean }[] };
    expect(body.price).toBe(1800);
    expect(body.variants.map((v) => [v.id, v.available])).toEqual([
      [IDS.coffeeSmall, true],
      [IDS.coffeeLarge, false],
    ]);
  });

  it("serves a generated, cacheable product image", async () => {
    const { shopper } = newShopper();
    const response = await shopper.get("/sandbox-assets/products/morning-blend.svg?width=400");
    expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get("cache-control")).toContain("max-age");
    const svg = await response.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(">Morning Blend</text>");
    expect(await (await shopper.get("/sandbox-assets/products/morning-blend.svg")).text()).toBe(svg); // stable
  });

  it("the customer switcher logs in and out and returns to the page", async () => {
    const { shopper } = newShopper();
    let response = await shopper.get(`/account/login?customer_id=${IDS.grace}&return_to=/cart`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/cart");
    expect(await (await shopper.get("/")).text()).toContain("Signed in as <strong data-customer-name>Grace Hopper</strong>");

    response = await shopper.get("/account/login?customer_id=&return_to=https://evil.example/");
    expect(response.headers.get("location")).toBe("/");
    expect(await (await shopper.get("/")).text()).toContain("Shopping as a guest");

    response = await shopper.get("/account/login?customer_id=424242");
    expect(response.status).toBe(404);
  });

  it("leaves paths that are not the storefront's to other handlers", async () => {
    const { context } = testContext();
    const handler = createStorefrontHandler();
    for (const path of ["/admin/api/2026-10/graphql.json", "/admin", "/webhooks", "/auth/callback"]) {
      expect(await handler(new Request(`http://127.0.0.1:3100${path}`), context)).toBeNull();
    }
  });
});

describe("GET /cart/<variant>:<quantity> (cart permalink)", () => {
  it("makes the cart exactly those items, keeps the discount code, and lands in the cart with storefront=true", async () => {
    const { shopper } = newShopper();
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.mugVariant, quantity: 1 }] });
    const response = await shopper.get(`/cart/${IDS.coffeeSmall}:2?storefront=true&discount=REFILL-AB12`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/cart");
    const body = await cart(shopper);
    expect(body.items.map((item) => [item.id, item.quantity])).toEqual([[IDS.coffeeSmall, 2]]);
    expect(await (await shopper.get("/checkout")).text()).toContain('name="discount_code" value="REFILL-AB12"');
  });

  it("goes to checkout by default, and refuses an unknown variant without touching the cart", async () => {
    const { shopper } = newShopper();
    const response = await shopper.get(`/cart/${IDS.coffeeSmall}:1,${IDS.mugVariant}:1`);
    expect(response.headers.get("location")).toBe("/checkout");
    expect((await cart(shopper)).item_count).toBe(2);
    const refused = await shopper.get("/cart/999999:1");
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Cannot find variant");
    expect((await cart(shopper)).item_count).toBe(2);
  });
});
