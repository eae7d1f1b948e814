import { describe, expect, it } from "vitest";
import { buildTifuModel, evaluate, fillWithPopular, personalTopFreq, popularity, scoreRanking, tifuRecommend, tifuVector, validationSplit } from "./next-basket";

describe("tifuVector", () => {
  it("decays baskets inside a group and groups against each other, grouping from the newest basket", () => {
    // group size 2, r_b 0.5, r_g 0.5: groups [[a]] (older) and [[a,b],[c]] (newer), 2 groups
    // older group weight 0.5^1 / 2 = 0.25: [a] -> a 0.25
    // newer group weight 1 / 2 = 0.5: [a,b] is one before the newest -> 0.5 × 0.5 / 2 = 0.125; [c] -> 0.5 × 1 / 2 = 0.25
    const v = tifuVector([["a"], ["a", "b"], ["c"]], { groupSize: 2, withinDecay: 0.5, groupDecay: 0.5 });
    expect(Object.fromEntries(v)).toEqual({ a: 0.375, b: 0.125, c: 0.25 });
  });

  it("counts an item once per basket and is empty without baskets", () => {
    expect(Object.fromEntries(tifuVector([["a", "a"]], { groupSize: 7, withinDecay: 0.9, groupDecay: 0.7 }))).toEqual({ a: 1 });
    expect(tifuVector([], { groupSize: 7, withinDecay: 0.9, groupDecay: 0.7 }).size).toBe(0);
  });
});

describe("baselines", () => {
  it("popularity counts baskets holding an item; ties by id", () => {
    expect(popularity({ u: [["b", "a"], ["b"]], v: [["c"], ["a", "a"]] })).toEqual(["a", "b", "c"]);
  });

  it("P-TopFreq ranks the customer's items by count, ties by the more recent purchase", () => {
    expect(personalTopFreq([["x"], ["y"], ["x", "z"]], 10)).toEqual(["x", "z", "y"]);
    expect(personalTopFreq([["x"], ["y"], ["x", "z"]], 1)).toEqual(["x"]);
  });

  it("GP-TopFreq tops up with popular items not already there", () => {
    expect(fillWithPopular(["x"], ["a", "x", "b", "c"], 3)).toEqual(["x", "a", "b"]);
  });
});

describe("tifuRecommend", () => {
  const histories = { u: [["a"]], v: [["a"], ["b"]], w: [["z"]] };
  const model = buildTifuModel(histories, { groupSize: 7, withinDecay: 1, groupDecay: 1 }, 10);
  const index = (c: string) => model.customers.indexOf(c);
  const popular = popularity(histories); // a (2 baskets), then b, z

  it("finds neighbours by shared items only", () => {
    expect(model.neighbours[index("u")]).toEqual([index("v")]);
    expect(model.neighbours[index("w")]).toEqual([]);
  });

  it("mixes the own vector with the neighbours' mean, then tops up with popular items", () => {
    // u = {a: 1}; v = {a: 0.5, b: 0.5}; alpha 0.5: a 0.5 + 0.25 = 0.75, b 0.25; then z from popularity
    expect(tifuRecommend(model, index("u"), { neighbours: 10, alpha: 0.5 }, popular, 3)).toEqual(["a", "b", "z"]);
    // alpha 1: own items only, then popular
    expect(tifuRecommend(model, index("w"), { neighbours: 10, alpha: 1 }, popular, 2)).toEqual(["z", "a"]);
  });

  it("leaves its scratch buffer clean, so calls do not leak into each other", () => {
    tifuRecommend(model, index("u"), { neighbours: 10, alpha: 0.5 }, popular, 3);
    expect([...model.scratch].every((x) => x === 0)).toBe(true);
  });
});

describe("metrics", () => {
  it("scores one ranking by hand", () => {
    // next {a, b, c}; hits at ranks 2 and 4 of 4
    // DCG = 1/log2(3) + 1/log2(5); IDCG (3 relevant) = 1 + 1/log2(3) + 1/2
    const s = scoreRanking(["x", "a", "y", "b"], ["a", "b", "c"], 4);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.hit).toBe(1);
    expect(s.ndcg).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3) + 0.5));
    expect(scoreRanking(["a"], [], 10)).toEqual({ recall: 0, ndcg: 0, hit: 0 });
  });

  it("averages over customers with a history and a future basket", () => {
    const scores = evaluate((c) => (c === "u" ? ["a"] : ["q"]), { u: [["a"]], v: [["b"]] }, { u: ["a"], v: ["b"], stranger: ["a"] }, 10);
    expect(scores).toEqual({ customers: 2, recall: 0.5, ndcg: 0.5, hitRate: 0.5 });
  });

  it("carves the validation target from the history only", () => {
    expect(validationSplit({ u: [["a"], ["b"]], v: [["c"]] })).toEqual({ history: { u: [["a"]], v: [["c"]] }, future: { u: ["b"] } });
  });
});
