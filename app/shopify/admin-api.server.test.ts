import { GraphqlQueryError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { AdminApiError, adminMutation, adminQuery, serverErrorWaitMs, throttleWaitMs, type AdminGraphql } from "./admin-api.server";

/** THROTTLED as the shopify-api client surfaces it: a GraphqlQueryError carrying Shopify's body. */
function throttledError(currentlyAvailable: number, requestedQueryCost: number) {
  return new GraphqlQueryError({
    message: "Throttled",
    response: {} as Record<string, unknown>,
    body: {
      errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] },
      extensions: { cost: { requestedQueryCost, throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 } } },
    },
  });
}

function adminAnswering(...answers: (Error | object)[]): AdminGraphql & { calls: number } {
  const admin = {
    calls: 0,
    graphql: async () => {
      const answer = answers[Math.min(admin.calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return new Response(JSON.stringify(answer));
    },
  };
  return admin as unknown as AdminGraphql & { calls: number };
}

describe("adminQuery", () => {
  it("waits for the bucket to refill and retries when Shopify answers THROTTLED", async () => {
    const waits: number[] = [];
    const admin = adminAnswering(throttledError(50, 250), { data: { shop: { name: "Demo" } } });
    const data = await adminQuery<{ shop: { name: string } }>(admin, "ShopName", "{ shop { name } }", {}, async (ms) => {
      waits.push(ms);
    });
    expect(data.shop.name).toBe("Demo");
    expect(admin.calls).toBe(2);
    expect(waits).toEqual([2050]); // 200 missing points at 100/s, plus a margin
  });

  it("keeps waiting its turn while throttled, and gives up after a minute of waits", async () => {
    const waits: number[] = [];
    const admin = adminAnswering(throttledError(0, 100));
    await expect(adminQuery(admin, "ShopName", "{ shop { name } }", {}, async (ms) => void waits.push(ms))).rejects.toBeInstanceOf(GraphqlQueryError);
    expect(waits.every((ms) => ms === 1050)).toBe(true);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
    expect(admin.calls).toBe(Math.floor(60_000 / 1050) + 1);
  });

  it("does not retry other errors", async () => {
    const admin = adminAnswering(new GraphqlQueryError({ message: "Field 'x' doesn't exist", response: {} as Record<string, unknown>, body: { errors: [] } }));
    await expect(adminQuery(admin, "Bad", "{ x }")).rejects.toThrow("doesn't exist");
    expect(admin.calls).toBe(1);
  });
});

describe("adminMutation", () => {
  it("turns userErrors into an error that names the operation and the fields", async () => {
    const admin = adminAnswering({ data: { tagsAdd: { userErrors: [{ field: ["id"], message: "Customer does not exist" }] } } });
    const call = adminMutation(admin, "TagsAdd", "mutation { tagsAdd }", {}, "tagsAdd");
    await expect(call).rejects.toBeInstanceOf(AdminApiError);
    await expect(call).rejects.toThrow("TagsAdd failed: id: Customer does not exist");
  });
});

describe("throttleWaitMs", () => {
  it("is null for anything but THROTTLED", () => {
    expect(throttleWaitMs(new Error("boom"))).toBeNull();
  });
});

describe("transient server errors", () => {
  const serverError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { response: { code } });

  it("repeats a query after a 5xx, with growing waits", async () => {
    const waits: number[] = [];
    const admin = adminAnswering(serverError(500), serverError(504), { data: { shop: { name: "Demo" } } });
    const data = await adminQuery<{ shop: { name: string } }>(admin, "ShopName", "{ shop { name } }", {}, async (ms) => {
      waits.push(ms);
    });
    expect(data.shop.name).toBe("Demo");
    expect(waits).toEqual([500, 1000]);
  });

  it("never repeats a mutation after a 5xx: it may have run", async () => {
    const admin = adminAnswering(serverError(500), { data: { tagsAdd: { userErrors: [] } } });
    await expect(adminQuery(admin, "TagsAdd", "#graphql\n  mutation TagsAdd { tagsAdd }", {}, async () => {})).rejects.toThrow("HTTP 500");
    expect(admin.calls).toBe(1);
  });

  it("does not treat a 4xx as transient", () => {
    expect(serverErrorWaitMs(serverError(404), 0)).toBeNull();
    expect(serverErrorWaitMs(serverError(503), 2)).toBe(2000);
  });
});
