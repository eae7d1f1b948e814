import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { loadFixture, loadInputQuery, loadSchema, validateTestAssets } from "@shopify/shopify-function-test-helpers";
import { buildClientSchema, printSchema, type DocumentNode, type GraphQLSchema } from "graphql";
import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./paths";

/**
 * The checks every Discount Function extension's tests share (decisions 006 and 015): the
 * extension's target, and each fixture validated against Shopify's published Discount Function
 * schema for its API version and the input query, then run through the function itself (the Wasm
 * toolchain is not available here) whose own answer must equal the fixture's and be schema-valid.
 */
export function describeDiscountFunctionFixtures<Input, Output>(options: {
  extensionDir: string;
  /** A fixture whose input exercises the whole input query. */
  sampleFixture: string;
  run: (input: Input) => Output;
}) {
  const { extensionDir, run } = options;
  const fixturesDir = path.join(extensionDir, "tests", "fixtures");
  const toml = parseToml(readFileSync(path.join(extensionDir, "shopify.extension.toml"), "utf8")) as {
    api_version: string;
    extensions: { targeting: { target: string; input_query: string; export: string }[] }[];
  };
  const targeting = toml.extensions[0].targeting[0];
  const fixtureFiles = readdirSync(fixturesDir).filter((file) => file.endsWith(".json"));
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

  describe(`${path.basename(extensionDir)} extension`, () => {
    it("targets cart.lines.discounts.generate.run on API 2026-04", () => {
      expect(toml.api_version).toBe("2026-04");
      expect(targeting).toEqual({
        target: "cart.lines.discounts.generate.run",
        input_query: "src/cart_lines_discounts_generate_run.graphql",
        export: "cart-lines-discounts-generate-run",
      });
    });

    it("has an input query valid against the schema", async () => {
      const fixture = await loadFixture(path.join(fixturesDir, options.sampleFixture));
      const result = await validateTestAssets({ schema, fixture, inputQueryAST: inputQuery });
      expect(result.inputQuery.errors).toEqual([]);
    });
  });

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

      const output = run(fixture.input as Input);
      expect(output).toEqual(fixture.expectedOutput);
      // The function's own answer must be schema-valid too, not only the hand-written one.
      const own = await validateTestAssets({ schema, fixture: { ...fixture, expectedOutput: output as Record<string, unknown> }, inputQueryAST: inputQuery });
      expect(own.outputFixture.errors).toEqual([]);
    });
  });

  return { fixturesDir, fixtureFiles };
}
