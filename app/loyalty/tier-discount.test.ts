import { describe, expect, it } from "vitest";
import { buildTierDiscountConfig, tierConfigJson, tierDiscountState } from "./tier-discount";

describe("the tier discount configuration", () => {
  it("lists the tiers with a standing discount, by name", () => {
    const config = buildTierDiscountConfig([
      { name: "Silver", discountPercent: 0 },
      { name: "Gold", discountPercent: 5 },
      { name: "Platinum", discountPercent: 7 },
    ]);
    expect(config).toEqual({ tiers: { Gold: 5, Platinum: 7 } });
    expect(tierConfigJson(config!)).toBe('{"tiers":{"Gold":5,"Platinum":7}}');
  });

  it("is null (the discount is off) when no tier has a discount", () => {
    expect(buildTierDiscountConfig([])).toBeNull();
    expect(buildTierDiscountConfig([{ name: "Gold", discountPercent: 0 }])).toBeNull();
  });

  it("serialises the same tiers the same way whatever their order", () => {
    const a = buildTierDiscountConfig([{ name: "Gold", discountPercent: 5 }, { name: "Bronze", discountPercent: 2 }])!;
    const b = buildTierDiscountConfig([{ name: "Bronze", discountPercent: 2 }, { name: "Gold", discountPercent: 5 }])!;
    expect(tierConfigJson(a)).toBe(tierConfigJson(b));
  });
});

describe("what the page says about the discount", () => {
  const wanted = '{"tiers":{"Gold":5}}';
  it("active only when Shopify runs it with the current percentages", () => {
    expect(tierDiscountState({ wantedJson: wanted, shopifyStatus: "ACTIVE", shopifyConfigJson: wanted })).toBe("active");
    expect(tierDiscountState({ wantedJson: wanted, shopifyStatus: "ACTIVE", shopifyConfigJson: '{"tiers":{"Gold":3}}' })).toBe("out-of-date");
    expect(tierDiscountState({ wantedJson: wanted, shopifyStatus: "MISSING", shopifyConfigJson: null })).toBe("out-of-date");
    expect(tierDiscountState({ wantedJson: wanted, shopifyStatus: null, shopifyConfigJson: null })).toBe("out-of-date");
  });
  it("off when no tier has a discount and Shopify has none; out of date while Shopify still runs one", () => {
    expect(tierDiscountState({ wantedJson: null, shopifyStatus: null, shopifyConfigJson: null })).toBe("off");
    expect(tierDiscountState({ wantedJson: null, shopifyStatus: "MISSING", shopifyConfigJson: null })).toBe("off");
    expect(tierDiscountState({ wantedJson: null, shopifyStatus: "ACTIVE", shopifyConfigJson: wanted })).toBe("out-of-date");
  });
});
