import { describe, expect, it } from "vitest";
import type { ProductNeighbourhood, RankedComplement } from "./complements";
import { explainComplement, PRIOR_BASKETS, rankComplements, rankWithBestSellers, SCORERS, type ScorerName } from "./scoring";

/*
 * A shop with N = 10 baskets; product A is in 4 of them.
 *
 *   partner  together  partnerBaskets   2x2 table (both, A only, partner only, neither)
 *   B        3         5                3, 1, 2, 4
 *   C        2         2                2, 2, 0, 6
 *   D        1         6                1, 3, 5, 1
 *   E        2         7                2, 2, 5, 1
 */
const shop: ProductNeighbourhood = {
  productId: "A",
  totalBaskets: 10,
  productBaskets: 4,
  partners: [
    { productId: "B", together: 3, partnerBaskets: 5 },
    { productId: "C", together: 2, partnerBaskets: 2 },
    { productId: "D", together: 1, partnerBaskets: 6 },
    { productId: "E", together: 2, partnerBaskets: 7 },
  ],
};
const partner = (id: string) => shop.partners.find((p) => p.productId === id)!;
const score = (scorer: ScorerName, id: string) => SCORERS[scorer](shop, partner(id));
const ranked = (scorer: ScorerName, minTogether?: number) => rankComplements(shop, { k: 10, scorer, minTogether }).map((c) => c.productId);

describe("scorers on a hand-checked example", () => {
  it("together is the raw count", () => {
    expect(["B", "C", "D", "E"].map((id) => score("together", id))).toEqual([3, 2, 1, 2]);
  });

  it("confidence = together / productBaskets", () => {
    // 3/4, 2/4, 1/4, 2/4
    expect(["B", "C", "D", "E"].map((id) => score("confidence", id))).toEqual([0.75, 0.5, 0.25, 0.5]);
  });

  it("lift = together × N / (productBaskets × partnerBaskets)", () => {
    expect(score("lift", "B")).toBeCloseTo(1.5, 10); // 3·10 / (4·5) = 30/20
    expect(score("lift", "C")).toBeCloseTo(2.5, 10); // 2·10 / (4·2) = 20/8
    expect(score("lift", "D")).toBeCloseTo(0.416667, 6); // 1·10 / (4·6) = 10/24
    expect(score("lift", "E")).toBeCloseTo(0.714286, 6); // 2·10 / (4·7) = 20/28
  });

  it("llr is Dunning's G², negative when bought together less than by chance", () => {
    // G² = 2 (Σ k ln k − Σ rows R ln R − Σ columns C ln C + N ln N); rows are A's (4, 6) throughout.
    // ln values: 2ln2 = 1.386294, 3ln3 = 3.295837, 4ln4 = 5.545177, 5ln5 = 8.047190,
    //            6ln6 = 10.750557, 7ln7 = 13.621371, 8ln8 = 16.635532, 10ln10 = 23.025851.
    // B: cells 3,1,2,4, columns 5,5: 2 (3.295837 + 0 + 1.386294 + 5.545177 − 16.295734 − 16.094379 + 23.025851) = 1.726092
    expect(score("llr", "B")).toBeCloseTo(1.726092, 5);
    // C: cells 2,2,0,6, columns 2,8: 2 (1.386294 · 2 + 10.750557 − 16.295734 − 18.021826 + 23.025851) = 4.462871
    expect(score("llr", "C")).toBeCloseTo(4.462871, 5);
    // D: cells 1,3,5,1, columns 6,4: 2 (3.295837 + 8.047190 − 16.295734 − 16.295734 + 23.025851) = 3.554818;
    //    1·10 < 4·6 (fewer together than chance), so −3.554818
    expect(score("llr", "D")).toBeCloseTo(-3.554818, 5);
    // E: cells 2,2,5,1, columns 7,3: 2 (1.386294 · 2 + 8.047190 − 16.295734 − 16.917208 + 23.025851) = 1.265374;
    //    2·10 < 4·7, so −1.265374
    expect(score("llr", "E")).toBeCloseTo(-1.265374, 5);
  });

  it("shrunk-confidence pulls towards the partner's base rate with PRIOR_BASKETS of weight", () => {
    expect(PRIOR_BASKETS).toBe(20);
    // (together + 20 × partnerBaskets/10) / (4 + 20)
    expect(score("shrunk-confidence", "B")).toBeCloseTo(13 / 24, 12); // (3 + 10) / 24
    expect(score("shrunk-confidence", "C")).toBeCloseTo(6 / 24, 12); // (2 + 4) / 24
    expect(score("shrunk-confidence", "D")).toBeCloseTo(13 / 24, 12); // (1 + 12) / 24
    expect(score("shrunk-confidence", "E")).toBeCloseTo(16 / 24, 12); // (2 + 14) / 24
  });

  it("shrunk-lift = (together + 1) / (expected + 1), expected = productBaskets × partnerBaskets / N", () => {
    expect(score("shrunk-lift", "B")).toBeCloseTo(4 / 3, 12); // expected 2: 4 / 3
    expect(score("shrunk-lift", "C")).toBeCloseTo(3 / 1.8, 12); // expected 0.8: 3 / 1.8
    expect(score("shrunk-lift", "E")).toBeCloseTo(3 / 3.8, 12); // expected 2.8: 3 / 3.8
  });

  it("stays finite for an empty shop (no evidence: shrunk-lift says 1, the rest 0)", () => {
    const empty: ProductNeighbourhood = {
      totalBaskets: 0,
      productBaskets: 0,
      partners: [{ productId: "X", together: 0, partnerBaskets: 0 }],
    };
    const scores = Object.fromEntries(
      (Object.keys(SCORERS) as ScorerName[]).map((scorer) => [scorer, SCORERS[scorer](empty, empty.partners[0])]),
    );
    expect(scores).toEqual({ together: 0, confidence: 0, lift: 0, llr: 0, "shrunk-confidence": 0, "shrunk-lift": 1 });
  });
});

describe("rankComplements", () => {
  it("orders by each scorer, leaving out partners bought together only once by default", () => {
    expect(ranked("together")).toEqual(["B", "C", "E"]); // C and E tie at 2: by product id
    expect(ranked("confidence")).toEqual(["B", "C", "E"]);
    expect(ranked("lift")).toEqual(["C", "B", "E"]);
    expect(ranked("llr")).toEqual(["C", "B", "E"]); // negative association last
    expect(ranked("shrunk-confidence")).toEqual(["E", "B", "C"]); // little evidence for A: popular E leads
    expect(ranked("shrunk-lift")).toEqual(["C", "B", "E"]);
  });

  it("uses DEFAULT_SCORER and minTogether 2 when not told", () => {
    expect(rankComplements(shop, { k: 10 }).map((c) => c.productId)).toEqual(ranked("shrunk-confidence"));
  });

  it("applies minTogether", () => {
    expect(ranked("together", 1)).toEqual(["B", "C", "E", "D"]);
    expect(ranked("together", 3)).toEqual(["B"]);
  });

  it("breaks equal scores by together, then product id, whatever the input order", () => {
    // B and D both score 13/24 under shrunk-confidence; B has more baskets together.
    const expected = ["E", "B", "D", "C"];
    expect(ranked("shrunk-confidence", 1)).toEqual(expected);
    const reversed = { ...shop, partners: [...shop.partners].reverse() };
    expect(rankComplements(reversed, { k: 10, scorer: "shrunk-confidence", minTogether: 1 }).map((c) => c.productId)).toEqual(expected);
    const twins: ProductNeighbourhood = {
      totalBaskets: 10,
      productBaskets: 4,
      partners: ["Z", "Y", "X"].map((productId) => ({ productId, together: 2, partnerBaskets: 3 })),
    };
    expect(rankComplements(twins, { k: 2, scorer: "lift" }).map((c) => c.productId)).toEqual(["X", "Y"]);
  });

  it("never lists the product itself, and stops at k", () => {
    const withSelf = { ...shop, partners: [...shop.partners, { productId: "A", together: 4, partnerBaskets: 4 }] };
    expect(rankComplements(withSelf, { k: 10, scorer: "together" }).map((c) => c.productId)).toEqual(["B", "C", "E"]);
    expect(rankComplements(shop, { k: 1, scorer: "together" }).map((c) => c.productId)).toEqual(["B"]);
    expect(rankComplements(shop, { k: 0 })).toEqual([]);
  });

  it("reports together, confidence and lift whatever the scorer", () => {
    const [c] = rankComplements(shop, { k: 1, scorer: "lift" });
    expect(c).toEqual({ productId: "C", score: 2.5, together: 2, confidence: 0.5, lift: 2.5 });
  });
});

describe("rankWithBestSellers (cold-start blend)", () => {
  it("lets best sellers compete with partners on the shrunk estimate", () => {
    // X, never bought with A, is in 9 of 10 baskets: (0 + 20 × 0.9) / 24 = 18/24, above every partner.
    // B is both a partner and a best seller: listed once, as a partner. A itself is skipped.
    const bestSellers = [
      { productId: "X", baskets: 9 },
      { productId: "A", baskets: 4 },
      { productId: "B", baskets: 5 },
    ];
    const list = rankWithBestSellers(shop, bestSellers, { k: 10 });
    expect(list.map((c) => [c.productId, c.together])).toEqual([
      ["X", 0],
      ["E", 2],
      ["B", 3],
      ["D", 1], // minTogether is 1 here: the estimate already discounts a single order
      ["C", 2],
    ]);
    expect(list[0].score).toBeCloseTo(18 / 24, 12);
    expect(rankWithBestSellers(shop, bestSellers, { k: 2, minTogether: 2 }).map((c) => c.productId)).toEqual(["X", "E"]);
  });
});

describe("explainComplement", () => {
  const complement = (together: number, lift: number): RankedComplement => ({ productId: "B", score: 1, together, confidence: 0.5, lift });

  it("gives the orders and the lift with one decimal", () => {
    expect(explainComplement(complement(37, 4.123))).toBe("Bought together in 37 orders, 4.1× more often than chance");
    expect(explainComplement(complement(1, 12))).toBe("Bought together in 1 order, 12.0× more often than chance");
    expect(explainComplement(complement(5, 1.05))).toBe("Bought together in 5 orders, 1.1× more often than chance");
  });

  it("does not claim more than chance when the lift is about 1 or below", () => {
    expect(explainComplement(complement(37, 1.04))).toBe("Often bought in the same order (37 times)");
    expect(explainComplement(complement(1, 0.5))).toBe("Often bought in the same order (1 time)");
  });

  it("says a best seller is a best seller", () => {
    expect(explainComplement(complement(0, 0))).toBe("One of your best sellers (not enough orders with this product yet)");
  });
});
