import { describe, expect, it } from "vitest";
import type { AdminGraphql } from "../shopify/admin-api.server";
import { fetchCollections } from "./collections.server";

/** A fake Admin API paging like Shopify: 4 collections per page, 240 products per collection page. */
function fakeAdmin(collections: { id: number; products: number[] }[]) {
  const calls: Record<string, unknown>[] = [];
  const admin = {
    graphql: async (_query: string, options?: { variables?: Record<string, unknown> }) => {
      const variables = options?.variables ?? {};
      calls.push(variables);
      const only = typeof variables.query === "string" ? Number(variables.query.replace("id:", "")) : null;
      const list = only === null ? collections : collections.filter((c) => c.id === only);
      const start = variables.after ? Number(variables.after) : 0;
      const page = list.slice(start, start + 4);
      const productStart = variables.productsAfter ? Number(variables.productsAfter) : 0;
      const data = {
        collections: {
          nodes: page.map((c) => ({
            id: `gid://shopify/Collection/${c.id}`,
            title: `Collection ${c.id}`,
            handle: `c-${c.id}`,
            products: {
              nodes: c.products.slice(productStart, productStart + 240).map((p) => ({ id: `gid://shopify/Product/${p}` })),
              pageInfo: { hasNextPage: productStart + 240 < c.products.length, endCursor: String(productStart + 240) },
            },
          })),
          pageInfo: { hasNextPage: start + 4 < list.length, endCursor: String(start + 4) },
        },
      };
      return new Response(JSON.stringify({ data }), { headers: { "Content-Type": "application/json" } });
    },
  };
  return { admin: admin as unknown as AdminGraphql, calls };
}

describe("fetchCollections", () => {
  it("reads every page of collections and every product of a big collection", async () => {
    const big = Array.from({ length: 500 }, (_, i) => 1000 + i);
    const collections = Array.from({ length: 9 }, (_, i) => ({ id: i + 1, products: i === 5 ? big : [i + 100, i + 200] }));
    const { admin, calls } = fakeAdmin(collections);
    const result = await fetchCollections(admin);
    expect(result.map((c) => c.id)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(result[5].productIds).toEqual(big.map(String));
    expect(result[0]).toEqual({ id: "1", title: "Collection 1", handle: "c-1", productIds: ["100", "200"] });
    // 3 pages of collections + 2 more pages of the big collection's products.
    expect(calls).toHaveLength(5);
    expect(calls.filter((c) => c.query === "id:6")).toHaveLength(2);
  });
});
