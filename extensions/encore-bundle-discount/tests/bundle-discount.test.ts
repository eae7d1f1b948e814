import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadFixture } from "@shopify/shopify-function-test-helpers";
import { describe, expect, it } from "vitest";
import { describeDiscountFunctionFixtures } from "../../../tests/support/discount-function-fixtures";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run.js";

// Target, schema and fixture checks shared with the other Discount Function; then what this one decides.
const { fixturesDir, fixtureFiles } = describeDiscountFunctionFixtures({
  extensionDir: path.dirname(path.dirname(fileURLToPath(import.meta.url))),
  sampleFixture: "bundle-percentage.json",
  run: cartLinesDiscountsGenerateRun,
});

describe("carts that must not get the discount", () => {
  const noDiscount = fixtureFiles.filter((file) => /^(no-|too-few|forged|other-shops|broken|all-complements|anchor-only|empty)/.test(file));
  it.each(noDiscount)("%s answers no operations", async (file) => {
    const fixture = await loadFixture(path.join(fixturesDir, file));
    expect(cartLinesDiscountsGenerateRun(fixture.input as Parameters<typeof cartLinesDiscountsGenerateRun>[0])).toEqual({ operations: [] });
  });

  it("the same cart gets the discount once the forged line is on the allowed list", async () => {
    const fixture = await loadFixture(path.join(fixturesDir, "forged-property.json"));
    const input = structuredClone(fixture.input) as Parameters<typeof cartLinesDiscountsGenerateRun>[0];
    const config = input.discount.metafield!.jsonValue as { bundles: Record<string, string[]> };
    config.bundles["101"].push("777");
    expect(cartLinesDiscountsGenerateRun(input).operations).toHaveLength(1);
  });
});
