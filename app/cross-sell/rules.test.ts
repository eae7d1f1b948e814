import { describe, expect, it } from "vitest";
import {
  boughtTogetherPrefix,
  excludedFor,
  matchesCriterion,
  rankByStatistics,
  recommend,
  type CatalogLookup,
  type CrossSellRule,
  type Criterion,
  type ProductFacts,
  type RecommendationRequest,
} from "./rules";
import { DEFAULT_SETTINGS, settingsFormSchema } from "./settings";

function product(id: string, extra: Partial<ProductFacts> = {}): ProductFacts {
  return { id, handle: `p-${id}`, status: "ACTIVE", isGiftCard: false, deleted: false, productType: "", vendor: "", tags: "", ...extra };
}

/** An in-memory shop: products, collections, co-purchase counts with the anchor, baskets. */
function shop(options: {
  products: ProductFacts[];
  collections?: Record<string, string[]>;
  boughtTogether?: string[];
  together?: Record<string, number>;
  baskets?: Record<string, number>;
}): CatalogLookup & { calls: string[] } {
  const byId = new Map(options.products.map((p) => [p.id, p]));
  const collections = options.collections ?? {};
  const calls: string[] = [];
  return {
    calls,
    boughtTogether: async () => (calls.push("boughtTogether"), options.boughtTogether ?? []),
    productsIn: async (criterion: Criterion) => {
      calls.push(`productsIn:${criterion.kind}:${criterion.value}`);
      return options.products
        .filter((p) => matchesCriterion(p, Object.keys(collections).filter((c) => collections[c].includes(p.id)), criterion))
        .map((p) => p.id)
        .reverse(); // any order: the pipeline ranks
    },
    collectionsOf: async (id) => Object.keys(collections).filter((c) => collections[c].includes(id)),
    bestSellers: async (count) =>
      Object.entries(options.baskets ?? {})
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, count)
        .map(([id]) => id),
    statistics: async (ids) => ({
      together: new Map(ids.map((id) => [id, options.together?.[id] ?? 0])),
      baskets: new Map(ids.map((id) => [id, options.baskets?.[id] ?? 0])),
    }),
    facts: async (ids) => (calls.push(`facts:${ids.join(",")}`), new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])))),
  };
}

function request(anchor: ProductFacts, rules: CrossSellRule[] = [], extra: Partial<RecommendationRequest> = {}): RecommendationRequest {
  return { anchorId: anchor.id, limit: 4, settings: DEFAULT_SETTINGS, rules, ...extra };
}

const anchor = product("1", { productType: "Camera", vendor: "Lumix", tags: "mirrorless, Sale" });

describe("recommend", () => {
  it("shows pins first, in the merchant's order, then what is bought together", async () => {
    const catalog = shop({ products: [anchor, product("2"), product("3"), product("4"), product("5")], boughtTogether: ["2", "3"] });
    const items = await recommend(request(anchor, [{ id: "r1", kind: "pin", productId: "1", complementIds: ["5", "3"] }]), catalog);
    expect(items).toEqual([
      { productId: "5", handle: "p-5", source: "pin:r1" },
      { productId: "3", handle: "p-3", source: "pin:r1" },
      { productId: "2", handle: "p-2", source: "bought-together" },
    ]);
  });

  it("pins of another product do not apply", async () => {
    const catalog = shop({ products: [anchor, product("2"), product("5")], boughtTogether: ["2"] });
    const items = await recommend(request(anchor, [{ id: "r1", kind: "pin", productId: "9", complementIds: ["5"] }]), catalog);
    expect(items.map((i) => i.productId)).toEqual(["2"]);
  });

  it("never recommends an excluded product, anywhere", async () => {
    const catalog = shop({ products: [anchor, product("2"), product("3")], boughtTogether: ["2", "3"], baskets: { "2": 5, "3": 4 } });
    const rules: CrossSellRule[] = [
      { id: "p", kind: "pin", productId: "1", complementIds: ["2"] },
      { id: "x", kind: "exclude", productId: "2" },
    ];
    expect((await recommend(request(anchor, rules), catalog)).map((i) => i.productId)).toEqual(["3"]);
  });

  it("excludes a pair both ways", async () => {
    const rules: CrossSellRule[] = [{ id: "x", kind: "exclude-pair", productId: "1", otherProductId: "2" }];
    const other = product("2");
    const catalog = shop({ products: [anchor, other, product("3")], boughtTogether: ["2", "3"], baskets: { "1": 9, "2": 5, "3": 4 } });
    expect((await recommend(request(anchor, rules), catalog)).map((i) => i.productId)).toEqual(["3"]);
    const reverse = shop({ products: [anchor, other, product("3")], boughtTogether: ["1", "3"], baskets: { "1": 9, "2": 5, "3": 4 } });
    expect((await recommend(request(other, rules), reverse)).map((i) => i.productId)).toEqual(["3"]);
    expect(excludedFor(rules, "3")).toEqual(new Set());
  });

  it("fills from category rules ranked by co-purchase with the anchor, then best sellers, then id", async () => {
    const lenses = ["10", "11", "12", "13"].map((id) => product(id, { productType: "Lens" }));
    const catalog = shop({
      products: [anchor, ...lenses, product("20", { tags: "memory" })],
      together: { "12": 3 },
      baskets: { "10": 1, "11": 7, "12": 2, "20": 50 },
    });
    const rules: CrossSellRule[] = [
      {
        id: "c1",
        kind: "category",
        match: { kind: "product-type", value: "Camera" },
        targets: [
          { kind: "product-type", value: "Lens" },
          { kind: "tag", value: "Memory" },
        ],
      },
    ];
    const items = await recommend(request(anchor, rules, { limit: 5 }), catalog);
    expect(items.map((i) => [i.productId, i.source])).toEqual([
      ["12", "rule:c1"],
      ["20", "rule:c1"],
      ["11", "rule:c1"],
      ["10", "rule:c1"],
      ["13", "rule:c1"],
    ]);
  });

  it("ignores category rules that do not match the anchor", async () => {
    const catalog = shop({ products: [anchor, product("10", { productType: "Lens" })] });
    const rules: CrossSellRule[] = [
      { id: "c1", kind: "category", match: { kind: "vendor", value: "Canon" }, targets: [{ kind: "product-type", value: "Lens" }] },
    ];
    expect(await recommend(request(anchor, rules, { settings: { ...DEFAULT_SETTINGS, fallbackOrder: ["manual-rules"] } }), catalog)).toEqual([]);
  });

  it("matches collection and tag rules", async () => {
    const catalog = shop({ products: [anchor, product("10"), product("11")], collections: { "77": ["1"], "88": ["10"] } });
    const rules: CrossSellRule[] = [
      { id: "c1", kind: "category", match: { kind: "collection", value: "77" }, targets: [{ kind: "collection", value: "88" }] },
      { id: "c2", kind: "category", match: { kind: "tag", value: "sale" }, targets: [{ kind: "collection", value: "77" }] },
    ];
    const items = await recommend(request(anchor, rules, { settings: { ...DEFAULT_SETTINGS, fallbackOrder: ["manual-rules"] } }), catalog);
    expect(items.map((i) => [i.productId, i.source])).toEqual([["10", "rule:c1"]]);
  });

  it("follows the merchant's fallback order", async () => {
    const products = [
      anchor,
      product("30"), // same collection
      product("31", { productType: "Camera" }),
      product("32", { vendor: "Lumix" }),
      product("33"), // best seller
    ];
    const collections = { "5": ["1", "30"] };
    const baskets = { "33": 100 };
    const order = ["best-sellers", "same-vendor", "same-type", "same-collection", "manual-rules"] as const;
    const items = await recommend(
      request(anchor, [], { settings: { ...DEFAULT_SETTINGS, fallbackOrder: [...order] } }),
      shop({ products, collections, baskets }),
    );
    expect(items.map((i) => [i.productId, i.source])).toEqual([
      ["33", "best-seller"],
      ["32", "same-vendor"],
      ["31", "same-type"],
      ["30", "same-collection"],
    ]);
    const defaults = await recommend(request(anchor), shop({ products, collections, baskets }));
    expect(defaults.map((i) => i.source)).toEqual(["same-collection", "same-type", "same-vendor", "best-seller"]);
  });

  it("respects the hide settings, the cart and the anchor", async () => {
    const products = [
      anchor,
      product("2", { status: "DRAFT" }),
      product("3", { isGiftCard: true }),
      product("4", { deleted: true }),
      product("5"),
      product("6"),
    ];
    const catalog = () => shop({ products, boughtTogether: ["1", "2", "3", "4", "5", "6"] });
    const hidden = await recommend(request(anchor, [], { excludeProductIds: ["6"], settings: { ...DEFAULT_SETTINGS, fallbackOrder: [] } }), catalog());
    expect(hidden.map((i) => i.productId)).toEqual(["5"]);
    const shown = await recommend(
      request(anchor, [], { settings: { ...DEFAULT_SETTINGS, hideUnpublished: false, hideGiftCards: false, fallbackOrder: [] } }),
      catalog(),
    );
    expect(shown.map((i) => i.productId)).toEqual(["2", "3", "5", "6"]);
  });

  it("stops at the limit without asking for more", async () => {
    const catalog = shop({ products: [anchor, product("2"), product("3")], boughtTogether: ["2", "3"], baskets: { "9": 1 } });
    const items = await recommend(request(anchor, [], { limit: 2 }), catalog);
    expect(items.map((i) => i.productId)).toEqual(["2", "3"]);
    expect(catalog.calls).toEqual(["boughtTogether", "facts:2,3"]);
  });

  it("is deterministic", async () => {
    const products = [anchor, ...["9", "10", "100", "11"].map((id) => product(id, { productType: "Camera" }))];
    const runs = await Promise.all([1, 2, 3].map(() => recommend(request(anchor), shop({ products }))));
    for (const run of runs) expect(run.map((i) => i.productId)).toEqual(["9", "10", "11", "100"]);
  });
});

describe("boughtTogetherPrefix", () => {
  it("keeps the stored list up to its first best seller", () => {
    const stored = [
      { productId: "4", together: 9 },
      { productId: "2", together: 3 },
      { productId: "7", together: 0 },
      { productId: "5", together: 1 },
    ];
    expect(boughtTogetherPrefix(stored)).toEqual(["4", "2"]);
    expect(boughtTogetherPrefix(stored.slice(0, 2))).toEqual(["4", "2"]);
    expect(boughtTogetherPrefix([{ productId: "7", together: 0 }])).toEqual([]);
  });
});

describe("rankByStatistics", () => {
  it("ranks by together, then baskets, then numeric id", () => {
    const stats = { together: new Map([["5", 2]]), baskets: new Map([["7", 3], ["8", 3]]) };
    expect(rankByStatistics(["10", "8", "7", "5", "9"], stats)).toEqual(["5", "7", "8", "9", "10"]);
  });
});

describe("settingsFormSchema", () => {
  const valid = { itemsToShow: "4", fallbackOrder: "best-sellers,manual-rules,same-collection,same-type,same-vendor", holdoutPercent: "5", hideInCart: "on" };
  it("parses the form", () => {
    const parsed = settingsFormSchema.parse(valid);
    expect(parsed).toMatchObject({ itemsToShow: 4, hideInCart: true, hideGiftCards: false, holdoutPercent: 5 });
    expect(parsed.fallbackOrder[0]).toBe("best-sellers");
  });
  it.each([
    [{ itemsToShow: "9" }, "Items to show must be between 1 and 8"],
    [{ holdoutPercent: "51" }, "Holdout must be between 0 and 50 percent"],
    [{ fallbackOrder: "best-sellers,best-sellers,same-collection,same-type,same-vendor" }, "exactly once"],
  ])("rejects %j", (change, message) => {
    const result = settingsFormSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain(message);
  });
});
