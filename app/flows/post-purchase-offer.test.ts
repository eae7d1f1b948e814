import { describe, expect, it } from "vitest";
import { chooseOffers, discountedCents, postPurchaseSettingsSchema, type CandidateProduct } from "./post-purchase-offer";

const product = (id: string, variants: Partial<CandidateProduct["variants"][number]>[], extra: Partial<CandidateProduct> = {}): CandidateProduct => ({
  id,
  title: `Product ${id}`,
  imageUrl: null,
  active: true,
  variants: variants.map((v, i) => ({ id: `${id}0${i}`, title: `V${i}`, priceCents: 2000, available: true, inventoryQuantity: 5, ...v })),
  ...extra,
});

describe("chooseOffers", () => {
  it("offers the engine's first complement, at the discounted price", () => {
    const offers = chooseOffers([product("2", [{ priceCents: 2599 }]), product("3", [{}])], ["1"], 15, 1);
    expect(offers).toEqual([
      { productId: "2", productTitle: "Product 2", imageUrl: null, variantId: "200", variantTitle: "V0", quantity: 1, unitPriceCents: 2599, discountPercent: 15, priceCents: 2209 },
    ]);
  });

  it("never offers what was just bought", () => {
    expect(chooseOffers([product("1", [{}]), product("3", [{}])], ["1"], 10, 1).map((o) => o.productId)).toEqual(["3"]);
  });

  it("skips sold-out variants and products, inactive products and free variants", () => {
    const candidates = [
      product("2", [{ inventoryQuantity: 0 }, { available: false }]),
      product("3", [{}], { active: false }),
      product("4", [{ priceCents: 0 }]),
      product("5", [{ inventoryQuantity: 0 }, { inventoryQuantity: 2 }]),
    ];
    const offers = chooseOffers(candidates, [], 10, 3);
    expect(offers.map((o) => [o.productId, o.variantId])).toEqual([["5", "501"]]);
  });

  it("offers nothing when nothing fits", () => {
    expect(chooseOffers([product("1", [{}])], ["1"], 10, 1)).toEqual([]);
    expect(chooseOffers([], ["1"], 10, 1)).toEqual([]);
  });

  it("gives at most `limit` offers, each product once", () => {
    const candidates = [product("2", [{}]), product("2", [{}]), product("3", [{}]), product("4", [{}])];
    expect(chooseOffers(candidates, [], 10, 2).map((o) => o.productId)).toEqual(["2", "3"]);
  });
});

describe("discountedCents", () => {
  it("rounds the discount to the cent", () => {
    expect(discountedCents(2599, 15)).toBe(2209); // 389.85 -> 390 off
    expect(discountedCents(1000, 100)).toBe(0);
  });
});

describe("postPurchaseSettingsSchema", () => {
  it("reads the settings card's fields", () => {
    expect(postPurchaseSettingsSchema.parse({ enabled: "true", discountPercent: "20", maxOffersPerOrder: "2" })).toEqual({ enabled: true, discountPercent: 20, maxOffersPerOrder: 2 });
    expect(postPurchaseSettingsSchema.parse({ enabled: "false", discountPercent: "5", maxOffersPerOrder: "1" }).enabled).toBe(false);
  });

  it("refuses what Shopify or common sense would not take, with a message per field", () => {
    const result = postPurchaseSettingsSchema.safeParse({ enabled: "true", discountPercent: "95", maxOffersPerOrder: "4" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toEqual({ discountPercent: "The discount can be at most 90%.", maxOffersPerOrder: "Shopify shows at most 3 offers per order." });
    expect(postPurchaseSettingsSchema.safeParse({ discountPercent: "abc", maxOffersPerOrder: "1" }).success).toBe(false);
  });
});
