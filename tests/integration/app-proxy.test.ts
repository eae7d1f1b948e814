import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appProxyUrl } from "../support/shopify-requests";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe("app proxy", () => {
  it("answers a request signed as Shopify signs it", async () => {
    const response = await fetch(appProxyUrl(stack, "/customer"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ shop: stack.shop, customer: null });
  });

  it("knows the logged-in customer Shopify names", async () => {
    await stack.db.customer.create({ data: { shop: stack.shop, id: "42", firstName: "Ada" } });
    const response = await fetch(appProxyUrl(stack, "/customer", { customerId: 42 }));
    expect(await response.json()).toEqual({ shop: stack.shop, customer: { id: "42", firstName: "Ada", orders: 0 } });
  });

  it("rejects a bad signature with 400", async () => {
    const response = await fetch(appProxyUrl(stack, "/customer", { secret: "wrong-secret" }));
    expect(response.status).toBe(400);
  });

  it("rejects a tampered parameter with 400", async () => {
    const url = new URL(appProxyUrl(stack, "/customer", { customerId: 42 }));
    url.searchParams.set("logged_in_customer_id", "43");
    expect((await fetch(url)).status).toBe(400);
  });

  it("rejects a stale timestamp (older than 90 s) with 400", async () => {
    const response = await fetch(appProxyUrl(stack, "/customer", { timestamp: Math.floor(Date.now() / 1000) - 120 }));
    expect(response.status).toBe(400);
  });

  it("rejects a request with no signature at all with 400", async () => {
    const response = await fetch(`${stack.app.url}/proxy/customer?shop=${stack.shop}`);
    expect(response.status).toBe(400);
  });
});
