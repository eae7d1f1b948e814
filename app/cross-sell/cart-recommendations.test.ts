import { describe, expect, it } from "vitest";
import { mergeCartSuggestions, type AnchorSuggestions } from "./cart-recommendations";

const item = (productId: string, source = "bought-together") => ({ productId, handle: `p-${productId}`, source });
const ids = (suggestions: { productId: string }[]) => suggestions.map((s) => s.productId);

describe("mergeCartSuggestions", () => {
  it("ranks an item suggested for several cart products above one suggested once", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("10"), item("11"), item("12")] },
      { anchor: "2", items: [item("20"), item("21"), item("12")] },
    ];
    expect(ids(mergeCartSuggestions(lists, ["1", "2"], 8))).toEqual(["12", "10", "20", "11", "21"]);
  });

  it("then orders by best rank, then by cart position, then by product id", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("30"), item("5")] },
      { anchor: "2", items: [item("9"), item("40")] },
      { anchor: "3", items: [item("100"), item("7")] },
    ];
    // Rank 0: 30 (cart position 0), 9 (1), 100 (2); rank 1: 5, 40, 7 by cart position.
    expect(ids(mergeCartSuggestions(lists, ["1", "2", "3"], 8))).toEqual(["30", "9", "100", "5", "40", "7"]);
    // Equal count, rank and position cannot happen across lists; ids break what is left numerically.
    const sameList: AnchorSuggestions[] = [
      { anchor: "1", items: [item("100"), item("9")] },
      { anchor: "2", items: [item("9"), item("100")] },
    ];
    expect(ids(mergeCartSuggestions(sameList, ["1", "2"], 8))).toEqual(["100", "9"]);
  });

  it("never suggests a product already in the cart, nor one twice", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("2"), item("10"), item("10")] },
      { anchor: "2", items: [item("1"), item("3")] },
    ];
    const merged = mergeCartSuggestions(lists, ["1", "2", "3"], 8);
    expect(ids(merged)).toEqual(["10"]);
  });

  it("takes anchor and source from the list where the item ranked best", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("10"), item("11"), item("12", "best-seller")] },
      { anchor: "2", items: [item("12", "rule:abc"), item("10", "best-seller")] },
    ];
    expect(mergeCartSuggestions(lists, ["1", "2"], 8)).toEqual([
      { productId: "10", handle: "p-10", source: "bought-together", anchor: "1" },
      { productId: "12", handle: "p-12", source: "rule:abc", anchor: "2" },
      { productId: "11", handle: "p-11", source: "bought-together", anchor: "1" },
    ]);
  });

  it("keeps the first cart product as anchor when two lists rank an item equally", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("10", "rule:r1")] },
      { anchor: "2", items: [item("10", "bought-together")] },
    ];
    expect(mergeCartSuggestions(lists, ["1", "2"], 8)).toEqual([{ productId: "10", handle: "p-10", source: "rule:r1", anchor: "1" }]);
  });

  it("does not let fallback items (best sellers topping up thin lists) outrank the complements", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("10"), item("20", "best-seller")] },
      { anchor: "2", items: [item("11"), item("20", "best-seller")] },
      { anchor: "3", items: [item("12", "rule:r1"), item("20", "same-collection")] },
    ];
    expect(ids(mergeCartSuggestions(lists, ["1", "2", "3"], 8))).toEqual(["10", "11", "12", "20"]);
  });

  it("puts a specific suggestion before a fallback of the same rank", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("20", "best-seller"), item("21", "best-seller")] }, // a product with no history
      { anchor: "2", items: [item("10"), item("11", "pin:p1")] },
    ];
    expect(ids(mergeCartSuggestions(lists, ["1", "2"], 8))).toEqual(["10", "20", "11", "21"]);
  });

  it("shows an item as the complement it is, even where a fallback list ranked it higher", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("20", "best-seller")] },
      { anchor: "2", items: [item("10"), item("11"), item("20")] },
    ];
    const merged = mergeCartSuggestions(lists, ["1", "2"], 8);
    expect(ids(merged)).toEqual(["10", "11", "20"]);
    expect(merged[2]).toEqual({ productId: "20", handle: "p-20", source: "bought-together", anchor: "2" });
  });

  it("keeps a single cart product's own order, whatever the sources", () => {
    const lists: AnchorSuggestions[] = [{ anchor: "1", items: [item("10"), item("20", "best-seller"), item("11", "same-type"), item("12")] }];
    expect(ids(mergeCartSuggestions(lists, ["1"], 8))).toEqual(["10", "20", "11", "12"]);
  });

  it("stops at the limit and copes with no lists", () => {
    const lists: AnchorSuggestions[] = [{ anchor: "1", items: [item("10"), item("11"), item("12")] }];
    expect(ids(mergeCartSuggestions(lists, ["1"], 2))).toEqual(["10", "11"]);
    expect(mergeCartSuggestions(lists, ["1"], 0)).toEqual([]);
    expect(mergeCartSuggestions([], ["1"], 4)).toEqual([]);
  });

  it("gives the same answer for the same input (deterministic)", () => {
    const lists: AnchorSuggestions[] = [
      { anchor: "1", items: [item("12"), item("11"), item("10")] },
      { anchor: "2", items: [item("11"), item("12"), item("10")] },
    ];
    const first = mergeCartSuggestions(lists, ["1", "2"], 8);
    expect(ids(first)).toEqual(["12", "11", "10"]);
    expect(mergeCartSuggestions(lists, ["1", "2"], 8)).toEqual(first);
  });
});
