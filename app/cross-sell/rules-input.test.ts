import { describe, expect, it } from "vitest";
import { fieldErrors, ruleInputSchema } from "./rules-input";

function errorsOf(form: Record<string, string>) {
  const result = ruleInputSchema.safeParse(form);
  return result.success ? {} : fieldErrors(result.error);
}

describe("ruleInputSchema", () => {
  it("parses a pin's complements in order, without repeats", () => {
    expect(ruleInputSchema.parse({ kind: "pin", productId: "1", complementIds: "5, 3,5" })).toEqual({
      kind: "pin",
      productId: "1",
      complementIds: ["5", "3"],
    });
  });

  it("parses a category rule's targets", () => {
    expect(
      ruleInputSchema.parse({ kind: "category", matchKind: "tag", matchValue: " sale ", targets: "collection:77\nvendor:Hario, Inc.\n" }),
    ).toEqual({
      kind: "category",
      matchKind: "tag",
      matchValue: "sale",
      targets: [
        { kind: "collection", value: "77" },
        { kind: "vendor", value: "Hario, Inc." },
      ],
    });
  });

  it("explains what is wrong, field by field", () => {
    expect(errorsOf({ kind: "pin", productId: "", complementIds: "" })).toEqual({
      productId: "Choose a product",
      complementIds: "Choose at least one product",
    });
    expect(errorsOf({ kind: "pin", productId: "1", complementIds: "1,2,3,4,5,6,7,8,9" })).toEqual({ complementIds: "Pin at most 8 products" });
    expect(errorsOf({ kind: "exclude", productId: "abc" })).toEqual({ productId: "The product to exclude must be a product of your shop" });
    expect(errorsOf({ kind: "category", matchKind: "colour", matchValue: "red", targets: "size:L" })).toEqual({
      matchKind: "Choose collection, product type, vendor or tag",
      targets: "Not a category: size:L",
    });
    expect(errorsOf({ kind: "bogus" })).toEqual({ kind: "Unknown kind of rule" });
  });
});
