import { describe, expect, it } from "vitest";
import {
  addBasket,
  basketsWithBoth,
  buildCoPurchaseCounts,
  emptyCoPurchaseCounts,
  neighbourhood,
  PartnerCounts,
  topPopular,
  type CoPurchaseCounts,
} from "./baskets";

/** Everything the counts say, independent of internal ids and table layout. */
function snapshot(counts: CoPurchaseCounts) {
  const products = counts.productIds
    .map((productId) => neighbourhood(counts, productId))
    .filter((n) => n.productBaskets > 0 || n.partners.length > 0)
    .map((n) => ({ ...n, partners: [...n.partners].sort((x, y) => (x.productId < y.productId ? -1 : 1)) }))
    .sort((x, y) => (x.productId! < y.productId! ? -1 : 1));
  return { totalBaskets: counts.totalBaskets, products };
}

/** Seeded baskets of 1-6 products out of 12, with repeats inside a basket now and then. */
function randomBaskets(count: number, seed: number): string[][] {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => `p${Math.floor(next() * 12)}`));
}

const shop = [["a", "b", "c"], ["a", "b"], ["a"], ["b", "d", "b"], ["c"]];

describe("buildCoPurchaseCounts", () => {
  it("counts baskets, baskets per product and baskets per pair", () => {
    const counts = buildCoPurchaseCounts(shop);
    expect(counts.totalBaskets).toBe(5);
    expect(neighbourhood(counts, "a")).toEqual({
      productId: "a",
      totalBaskets: 5,
      productBaskets: 3,
      partners: expect.arrayContaining([
        { productId: "b", together: 2, partnerBaskets: 3 },
        { productId: "c", together: 1, partnerBaskets: 2 },
      ]),
    });
    expect(neighbourhood(counts, "a").partners).toHaveLength(2);
    expect(basketsWithBoth(counts, "b", "d")).toBe(1); // "b" twice in one basket counts once
    expect(basketsWithBoth(counts, "a", "d")).toBe(0);
    expect(basketsWithBoth(counts, "a", "a")).toBe(0);
  });

  it("counts single-product baskets in the totals but gives them no pairs", () => {
    const counts = buildCoPurchaseCounts([["x"], ["x"], ["x", "x"], ["y"]]);
    expect(counts.totalBaskets).toBe(4);
    expect(neighbourhood(counts, "x")).toEqual({ productId: "x", totalBaskets: 4, productBaskets: 3, partners: [] });
    expect(neighbourhood(counts, "y").partners).toEqual([]);
  });

  it("knows nothing about a product it never saw", () => {
    expect(neighbourhood(buildCoPurchaseCounts(shop), "zzz")).toEqual({
      productId: "zzz",
      totalBaskets: 5,
      productBaskets: 0,
      partners: [],
    });
    expect(snapshot(buildCoPurchaseCounts([]))).toEqual({ totalBaskets: 0, products: [] });
  });

  it("takes any string as a product id, even one an object already has", () => {
    const counts = buildCoPurchaseCounts([["__proto__", "constructor"], ["__proto__"]]);
    expect(neighbourhood(counts, "__proto__").productBaskets).toBe(2);
    expect(basketsWithBoth(counts, "constructor", "__proto__")).toBe(1);
    expect(neighbourhood(counts, "toString").productBaskets).toBe(0);
  });

  it("gives the same counts whatever the chunk size, even with baskets bigger than a chunk", () => {
    const baskets = randomBaskets(500, 7);
    const whole = snapshot(buildCoPurchaseCounts(baskets));
    for (const chunkIds of [2, 3, 7, 64]) expect(snapshot(buildCoPurchaseCounts(baskets, chunkIds))).toEqual(whole);
  });

  it("is what adding the baskets one by one gives", () => {
    const baskets = randomBaskets(400, 11);
    const incremental = emptyCoPurchaseCounts();
    for (const basket of baskets) addBasket(incremental, basket, 1);
    expect(snapshot(incremental)).toEqual(snapshot(buildCoPurchaseCounts(baskets, 16)));
  });
});

describe("addBasket", () => {
  it("removing baskets from a build gives the build of the rest", () => {
    const baskets = randomBaskets(300, 3);
    const counts = buildCoPurchaseCounts(baskets, 32);
    for (const basket of baskets.slice(0, 100)) addBasket(counts, basket, -1);
    expect(snapshot(counts)).toEqual(snapshot(buildCoPurchaseCounts(baskets.slice(100))));
  });

  it("reversing restores the counts exactly", () => {
    const counts = buildCoPurchaseCounts(randomBaskets(200, 5), 32);
    const before = snapshot(counts);
    const extra = [...randomBaskets(50, 9), ["new-1", "new-2", "p1"], ["p1"]];
    for (const basket of extra) addBasket(counts, basket, 1);
    expect(snapshot(counts)).not.toEqual(before);
    for (const basket of [...extra].reverse()) addBasket(counts, basket, -1);
    expect(snapshot(counts)).toEqual(before);
  });

  it("refuses to remove what was never added, and changes nothing", () => {
    const counts = buildCoPurchaseCounts(shop);
    const before = snapshot(counts);
    expect(() => addBasket(counts, ["a", "unknown"], -1)).toThrow(RangeError);
    expect(() => addBasket(counts, ["c", "d"], -1)).toThrow(/never added/); // both known, never together
    expect(() => addBasket(emptyCoPurchaseCounts(), [], -1)).toThrow(RangeError);
    expect(snapshot(counts)).toEqual(before);
  });
});

describe("topPopular", () => {
  it("ranks by baskets, then product id, skipping exclusions and products no longer in any basket", () => {
    const counts = buildCoPurchaseCounts(shop);
    expect(topPopular(counts, 3)).toEqual([
      { productId: "a", baskets: 3 },
      { productId: "b", baskets: 3 },
      { productId: "c", baskets: 2 },
    ]);
    expect(topPopular(counts, 2, new Set(["a"])).map((p) => p.productId)).toEqual(["b", "c"]);
    addBasket(counts, ["b", "d"], -1);
    expect(topPopular(counts, 10).map((p) => p.productId)).toEqual(["a", "b", "c"]);
  });
});

describe("PartnerCounts", () => {
  it("keeps every remaining count findable as entries come and go", () => {
    const table = new PartnerCounts(0);
    const expected = new Map<number, number>();
    for (let partner = 0; partner < 300; partner++) {
      table.add(partner * 7, partner + 1); // grows through several sizes
      expected.set(partner * 7, partner + 1);
    }
    for (let partner = 0; partner < 300; partner += 3) {
      expect(table.add(partner * 7, -(partner + 1))).toBe(0);
      expected.delete(partner * 7);
    }
    for (let partner = 0; partner < 2100; partner++) expect(table.get(partner)).toBe(expected.get(partner) ?? 0);
    const listed = new Map<number, number>();
    table.forEach((partner, count) => listed.set(partner, count));
    expect(listed).toEqual(expected);
    expect(table.size).toBe(expected.size);
    expect(() => table.add(7, -100)).toThrow(RangeError);
  });
});
