import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadFixture } from "@shopify/shopify-function-test-helpers";
import { describe, expect, it } from "vitest";
import { describeDiscountFunctionFixtures } from "../../../tests/support/discount-function-fixtures";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run.js";

// Target, schema and fixture checks shared with the other Discount Function; then what this one decides.
const { fixturesDir, fixtureFiles } = describeDiscountFunctionFixtures({
  extensionDir: path.dirname(path.dirname(fileURLToPath(import.meta.url))),
  sampleFixture: "gold-member.json",
  run: cartLinesDiscountsGenerateRun,
});

describe("what the function decides", () => {
  const noDiscount = fixtureFiles.filter((file) => !/-member\.json$/.test(file));
  it.each(noDiscount)("%s answers no operations", async (file) => {
    const fixture = await loadFixture(path.join(fixturesDir, file));
    expect(cartLinesDiscountsGenerateRun(fixture.input as Parameters<typeof cartLinesDiscountsGenerateRun>[0])).toEqual({ operations: [] });
  });

  it("gives a Gold member Gold's percent off every product line, not the custom line", async () => {
    const fixture = await loadFixture(path.join(fixturesDir, "gold-member.json"));
    const [operation] = cartLinesDiscountsGenerateRun(fixture.input as Parameters<typeof cartLinesDiscountsGenerateRun>[0]).operations;
    const [candidate] = operation.productDiscountsAdd.candidates;
    expect(candidate.value).toEqual({ percentage: { value: 5 } });
    expect(candidate.targets.map((t) => t.cartLine.id)).toEqual(["gid://shopify/CartLine/1", "gid://shopify/CartLine/2"]);
  });

  it("follows the configuration: the same member gets nothing once their tier's percent is removed", async () => {
    const fixture = await loadFixture(path.join(fixturesDir, "gold-member.json"));
    const input = structuredClone(fixture.input) as Parameters<typeof cartLinesDiscountsGenerateRun>[0];
    delete (input.discount.metafield!.jsonValue as { tiers: Record<string, number> }).tiers.Gold;
    expect(cartLinesDiscountsGenerateRun(input)).toEqual({ operations: [] });
  });
});
