import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { loadFixture, loadInputQuery, loadSchema, validateTestAssets } from "@shopify/shopify-function-test-helpers";
import { buildClientSchema, printSchema, type DocumentNode, type GraphQLSchema } from "graphql";
import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { cartLinesDiscountsGenerateRun } from "../src/cart_lines_discounts_generate_run.js";

// The function is called directly (the Wasm toolchain is not available here); every fixture's
// input and expected output are first validated against Shopify's published Discount Function
// schema for the extension's API version and against the input query.
const extensionDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repoRoot = path.resolve(extensionDir, "../..");
const fixturesDir = path.join(extensionDir, "tests", "fixtures");
const toml = parseToml(readFileSync(path.join(extensionDir, "shopify.extension.toml"), "utf8")) as {
  api_version: string;
  extensions: { targeting: { target: string; input_query: string; export: string }[] }[];
};
const targeting = toml.extensions[0].targeting[0];

let schema: GraphQLSchema;
let inputQuery: DocumentNode;

beforeAll(async () => {
  // loadSchema reads SDL; Shopify publishes the schema as introspection JSON (scripts/shopify-schemas.sh).
  const introspection = JSON.parse(gunzipSync(readFileSync(path.join(repoRoot, ".shopify-schemas", `functions_discount_${toml.api_version}.json.gz`))).toString("utf8"));
  const sdlFile = path.join(mkdtempSync(path.join(tmpdir(), "encore-fn-schema-")), "schema.graphql");
  writeFileSync(sdlFile, printSchema(buildClientSchema(introspection.data)));
  schema = await loadSchema(sdlFile);
  inputQuery = await loadInputQuery(path.join(extensionDir, targeting.input_query));
});

describe("encore-tier-discount extension", () => {
  it("targets cart.lines.discounts.generate.run on API 2026-04", () => {
    expect(toml.api_version).toBe("2026-04");
    expect(targeting).toEqual({
      target: "cart.lines.discounts.generate.run",
      input_query: "src/cart_lines_discounts_generate_run.graphql",
      export: "cart-lines-discounts-generate-run",
    });
  });

  it("has an input query valid against the schema", async () => {
    const fixture = await loadFixture(path.join(fixturesDir, "gold-member.json"));
    const result = await validateTestAssets({ schema, fixture, inputQueryAST: inputQuery });
    expect(result.inputQuery.errors).toEqual([]);
  });
});

const fixtureFiles = readdirSync(fixturesDir).filter((file) => file.endsWith(".json"));

describe.each(fixtureFiles)("fixture %s", (file) => {
  it("is valid against the Function schema and input query, and the function answers its expected output", async () => {
    const fixture = await loadFixture(path.join(fixturesDir, file));
    expect(fixture.target).toBe(targeting.target);
    expect(fixture.export).toBe(targeting.export);
    const validation = await validateTestAssets({ schema, fixture, inputQueryAST: inputQuery });
    expect(validation.inputQuery.errors).toEqual([]);
    expect(validation.inputFixture.errors).toEqual([]);
    expect(validation.outputFixture.errors).toEqual([]);
    expect(validation.outputFixture.mutationName).toBe("cartLinesDiscountsGenerateRun");

    const output = cartLinesDiscountsGenerateRun(fixture.input as Parameters<typeof cartLinesDiscountsGenerateRun>[0]);
    expect(output).toEqual(fixture.expectedOutput);
    // The function's own answer must be schema-valid too, not only the hand-written one.
    const own = await validateTestAssets({ schema, fixture: { ...fixture, expectedOutput: output }, inputQueryAST: inputQuery });
    expect(own.outputFixture.errors).toEqual([]);
  });
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
