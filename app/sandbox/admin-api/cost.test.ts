import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { calculateQueryCost, LeakyBucket, pickFault } from "./cost";
import { hasAdminSchema, loadAdminSchema } from "./schema";
import { setUpAdminApi } from "./test-fixture";

describe("leaky bucket", () => {
  it("drains, refuses, and refills at the restore rate", () => {
    let now = 0;
    const bucket = new LeakyBucket({ maximumAvailable: 2000, restoreRate: 100, now: () => now });
    expect(bucket.tryTake(1500)).toBe(true);
    expect(bucket.tryTake(600)).toBe(false); // only 500 left
    expect(bucket.status()).toEqual({ maximumAvailable: 2000, currentlyAvailable: 500, restoreRate: 100 });
    now += 1000;
    expect(bucket.status().currentlyAvailable).toBe(600);
    expect(bucket.tryTake(600)).toBe(true);
    now += 60_000;
    expect(bucket.status().currentlyAvailable).toBe(2000); // never above the maximum
  });
});

describe("fault picking", () => {
  it("is off by default and follows rate and kinds with an injected random", () => {
    expect(pickFault(undefined)).toBeNull();
    const values = [0.05, 0.9, 0.5, 0.2];
    const random = () => values.shift() ?? 0.99;
    const faults = { rate: 0.1, kinds: ["throttle", "500"] as ("throttle" | "500")[], random };
    expect(pickFault(faults)).toBe("500"); // 0.05 < rate, then 0.9 picks the second kind
    expect(pickFault(faults)).toBeNull(); // 0.5 >= rate
  });
});

describe.skipIf(!hasAdminSchema())("query cost on the real schema", () => {
  const cost = (query: string, variables?: Record<string, unknown>) => calculateQueryCost(loadAdminSchema(), parse(query), variables);

  it("follows Shopify's rules for objects, connections and mutations", () => {
    expect(cost(`{ shop { name } }`)).toBe(1);
    expect(cost(`{ products(first: 10) { edges { node { id title } } } }`)).toBe(12);
    expect(cost(`query($n: Int) { products(first: $n) { nodes { id } pageInfo { hasNextPage } } }`, { n: 50 })).toBe(52);
    // nested connection: 2 + 10 * (1 + (2 + 5 * 1))
    expect(cost(`{ products(first: 10) { nodes { title variants(first: 5) { nodes { sku } } } } }`)).toBe(82);
    // Shopify charges 10 for tagsAdd { node { id } userErrors { ... } }
    expect(cost(`mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { node { id } userErrors { field message } } }`)).toBe(10);
    // fragments on different types of a union count as the most expensive one
    expect(
      cost(`{ codeDiscountNodeByCode(code: "X") { codeDiscount {
        ... on DiscountCodeBasic { title minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } } }
        ... on DiscountCodeFreeShipping { title }
      } } }`),
    ).toBe(4);
  });
});

describe.skipIf(!hasAdminSchema())("rate limiting over HTTP", () => {
  const expensive = `{ products(first: 250) { nodes { id variants(first: 1) { nodes { id } } } } }`; // 2 + 250 * 4 = 1002

  it("reports cost and throttle status in extensions", async () => {
    const { graphql } = setUpAdminApi();
    const { body } = await graphql(`{ products(first: 10) { nodes { id } } }`);
    expect(body.extensions.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: 12,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1988, restoreRate: 100 },
    });
  });

  it("refuses a single query over 1000 points with MAX_COST_EXCEEDED", async () => {
    const { graphql } = setUpAdminApi();
    const { status, body } = await graphql(expensive);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions).toEqual({ code: "MAX_COST_EXCEEDED", cost: 1002, maxCost: 1000 });
    expect(body.extensions.cost.requestedQueryCost).toBe(1002);
  });

  it("answers THROTTLED once the bucket is drained, and serves again after it refills", async () => {
    const { graphql, clock } = setUpAdminApi();
    const query = `{ products(first: 249) { nodes { id tags } } }`; // 251 points
    for (let i = 0; i < 7; i++) expect((await graphql(query)).body.data).toBeDefined(); // 1757 used
    const throttled = await graphql(query);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: { requestedQueryCost: 251, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 243, restoreRate: 100 } },
      },
    });
    clock.now += 1000; // +100 points
    const again = await graphql(query);
    expect(again.body.data.products.nodes).toHaveLength(3);
    expect(again.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(92);
  });

  it("injects faults when asked to", async () => {
    const { graphql } = setUpAdminApi({ faults: { rate: 1, kinds: ["500"], random: () => 0 } });
    const { status, body } = await graphql(`{ shop { name } }`);
    expect(status).toBe(500);
    expect(body.errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");

    const throttling = setUpAdminApi({ faults: { rate: 1, kinds: ["throttle"], random: () => 0 } });
    expect((await throttling.graphql(`{ shop { name } }`)).body.errors[0].extensions.code).toBe("THROTTLED");

    const timingOut = setUpAdminApi({ faults: { rate: 1, kinds: ["timeout"], random: () => 0, timeoutMs: 5 } });
    expect((await timingOut.graphql(`{ shop { name } }`)).status).toBe(504);
  });
});
