// GET /apps/encore/cart-recommendations through the app proxy, signed as Shopify signs it, on the
// built app and a real database: merged suggestions for the cart, never the cart's own products,
// clear 400s, and nothing from another shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storefrontRecommendations } from "../../app/cross-sell/storefront-recommendations.server";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { appProxyUrl } from "../support/shopify-requests";
import { startStack, TEST_API_SECRET, type Stack } from "../support/stack";

let stack: Stack;
const OTHER_SHOP = "other-encore-shop.myshopify.com";
/** The handle seed() gives a product of the test's shop. */
const handle = (id: string) => `${stack.shop.split(".")[0]}-product-${id}`;

interface Answer {
  items: { productId: string; handle: string; source: string; anchor: string }[];
  holdoutPercent: number;
}

async function seed(shop: string, products: { id: string; status?: string }[], complements: Record<string, string[]>, bestSellers: Record<string, number>) {
  const db = stack.db;
  await db.product.createMany({
    data: products.map(({ id, status = "ACTIVE" }) => ({ shop, id, handle: `${shop.split(".")[0]}-product-${id}`, title: `Product ${id}`, status, shopifyUpdatedAt: new Date() })),
  });
  await db.productComplements.createMany({
    data: Object.entries(complements).map(([productId, partners]) => ({
      shop,
      productId,
      complements: JSON.stringify(partners.map((partnerId, rank) => ({ productId: partnerId, score: 10 - rank, together: 5 - rank, confidence: 0.5, lift: 2 }))),
    })),
  });
  await db.productBasketCount.createMany({ data: Object.entries(bestSellers).map(([productId, baskets]) => ({ shop, productId, baskets })) });
}

async function ask(query: Record<string, string>) {
  const response = await fetch(appProxyUrl(stack, "/cart-recommendations", { query }));
  return { response, body: (await response.json()) as Answer & { error?: string } };
}

beforeAll(async () => {
  stack = await startStack();
  // Cart products 1 and 2. 14 is a draft, 2 and 1 are in each other's lists (never suggested
  // while in the cart), 20 is the shop's best seller (the fallback that tops up short lists).
  await seed(
    stack.shop,
    [...["1", "2", "10", "11", "12", "13", "20"].map((id) => ({ id })), { id: "14", status: "DRAFT" }],
    { "1": ["10", "14", "2", "11", "12"], "2": ["12", "13", "1"] },
    { "20": 100, "1": 50, "2": 40 },
  );
  // Another shop with the same product ids and different complements.
  await seed(OTHER_SHOP, [{ id: "1" }, { id: "99" }], { "1": ["99"] }, {});
});
afterAll(async () => {
  await stack?.stop();
});

describe("the cart recommendations endpoint (app proxy)", () => {
  it("merges the cart products' lists: shared items first, then best rank, each with its anchor and source", async () => {
    const { response, body } = await ask({ product_ids: "1,2", limit: "8" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(body.holdoutPercent).toBe(5);
    expect(body.items).toEqual([
      // A complement of both cart products: 12 (best rank 0, in 2's list).
      { productId: "12", handle: handle("12"), source: "bought-together", anchor: "2" },
      // The rest by best rank, then cart position: 10 (rank 0 for 1), 11 (rank 1 for 1), 13 (rank 1 for 2),
      // then 20, the best seller topping up both lists (a fallback: not "suggested for" both).
      { productId: "10", handle: handle("10"), source: "bought-together", anchor: "1" },
      { productId: "11", handle: handle("11"), source: "bought-together", anchor: "1" },
      { productId: "13", handle: handle("13"), source: "bought-together", anchor: "2" },
      { productId: "20", handle: handle("20"), source: "best-seller", anchor: "2" },
    ]);
  });

  it("stops at the limit and gives the same answer for the same cart", async () => {
    const first = await ask({ product_ids: "1,2", limit: "2" });
    expect(first.body.items.map((i) => i.productId)).toEqual(["12", "10"]);
    const again = await ask({ product_ids: "1,2", limit: "2" });
    expect(again.body).toEqual(first.body);
  });

  it("never suggests what is already in the cart", async () => {
    // 2 is now a suggestion (not in this cart): a complement of 1, and the best seller topping up
    // the lists of 12 and 20 (which have no history); it ranks as 1's complement.
    const { body } = await ask({ product_ids: "1,12,20", limit: "8" });
    const ids = body.items.map((i) => i.productId);
    expect(ids).toEqual(["10", "2", "11"]);
    expect(body.items[1]).toEqual({ productId: "2", handle: handle("2"), source: "bought-together", anchor: "1" });
    for (const inCart of ["1", "12", "20"]) expect(ids).not.toContain(inCart);
    // A repeated id counts once.
    expect((await ask({ product_ids: "2,2", limit: "8" })).body.items.map((i) => i.productId)).toEqual(["12", "13", "1", "20"]);
  });

  it("answers an empty list for products Encore knows nothing of and a shop without best sellers", async () => {
    const url = `${stack.app.url}/proxy/cart-recommendations?${signedProxyQuery(
      new URLSearchParams({ product_ids: "555", limit: "4" }),
      { shop: OTHER_SHOP, customerId: null, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) },
      TEST_API_SECRET,
    )}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Answer).items).toEqual([]);
  });

  it("keeps shops apart: the same product ids give each shop its own suggestions", async () => {
    const url = `${stack.app.url}/proxy/cart-recommendations?${signedProxyQuery(
      new URLSearchParams({ product_ids: "1", limit: "8" }),
      { shop: OTHER_SHOP, customerId: null, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) },
      TEST_API_SECRET,
    )}`;
    const other = (await (await fetch(url)).json()) as Answer;
    expect(other.items).toEqual([{ productId: "99", handle: "other-encore-shop-product-99", source: "bought-together", anchor: "1" }]);
    const ours = (await ask({ product_ids: "1", limit: "8" })).body;
    expect(ours.items.map((i) => i.productId)).toEqual(["10", "2", "11", "12", "20"]);
    expect(ours.items.every((i) => i.handle === handle(i.productId))).toBe(true);
  });

  it("builds on storefrontRecommendations, whose excludeProductIds option leaves the cart's products out", async () => {
    const ids = async (exclude?: string[]) =>
      (await storefrontRecommendations(stack.db, stack.shop, "1", 8, exclude ? { excludeProductIds: exclude } : undefined)).map((i) => i.productId);
    expect(await ids()).toEqual(["10", "2", "11", "12", "20"]);
    expect(await ids(["2", "12"])).toEqual(["10", "11", "20"]);
    expect(await ids(["2", "12", "20"])).toEqual(["10", "11"]);
  });

  it.each([
    [{}, "product_ids is required (comma-separated product ids of the cart)"],
    [{ product_ids: "" }, "product_ids must be numeric Shopify product ids, separated by commas"],
    [{ product_ids: "1,abc" }, "product_ids must be numeric Shopify product ids, separated by commas"],
    [{ product_ids: "1,,2" }, "product_ids must be numeric Shopify product ids, separated by commas"],
    [{ product_ids: Array.from({ length: 21 }, (_, i) => i + 1).join(",") }, "product_ids may name at most 20 products"],
    [{ product_ids: "1", limit: "0" }, "limit must be a whole number between 1 and 8"],
    [{ product_ids: "1", limit: "9" }, "limit must be a whole number between 1 and 8"],
    [{ product_ids: "1", limit: "2.5" }, "limit must be a whole number between 1 and 8"],
    [{ product_ids: "1", limit: "two" }, "limit must be a whole number between 1 and 8"],
  ])("explains bad input %j with a 400", async (query, message) => {
    const { response, body } = await ask(query as Record<string, string>);
    expect(response.status).toBe(400);
    expect(body).toEqual({ error: message });
  });

  it("rejects an unsigned request with 400", async () => {
    const response = await fetch(`${stack.app.url}/proxy/cart-recommendations?shop=${stack.shop}&product_ids=1`);
    expect(response.status).toBe(400);
  });
});
