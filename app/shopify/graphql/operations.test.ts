import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../sandbox/admin-api/schema";
import { ADMIN_API_VERSION } from "../api-version";

// Every Admin GraphQL operation Encore sends, checked against Shopify's real published schema for
// the app's API version, so a wrong field fails here rather than in a merchant's store.
const modules = import.meta.glob<Record<string, unknown>>("./*.ts", { eager: true });
const operations = Object.entries(modules)
  .filter(([file]) => !file.endsWith(".test.ts"))
  .flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([name, value]) => /_(QUERY|MUTATION)$/.test(name) && typeof value === "string")
      .map(([name, value]) => ({ name: `${file} ${name}`, source: value as string })),
  );

describe("Admin GraphQL operations", () => {
  it("finds the operations", () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  it.each(operations)("$name is valid against the Admin API schema", ({ source }) => {
    const errors = validate(loadAdminSchema(ADMIN_API_VERSION), parse(source));
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
