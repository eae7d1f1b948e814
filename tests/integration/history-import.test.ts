import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, appProxyUrl, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe("history import on install (Admin API bulk operations)", () => {
  it("imports every product and order, shows progress, and mines complements from them", async () => {
    const { store } = stack.sandbox.context;
    expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: token exchange + afterAuth

    const progress: number[] = [];
    const done = await eventually(
      async () => {
        const page = await adminFetch(`${stack.app.url}/app/cross-sell?_data=routes%2Fapp.cross-sell._index`, { bearer: sessionToken(stack) });
        const body = (await page.json()) as { historyImport: { stage: string; progress: number } | null };
        if (body.historyImport) progress.push(body.historyImport.progress);
        return body.historyImport?.stage === "done" ? body : null;
      },
      "the history import to finish",
      120_000,
    );
    expect(done.historyImport?.progress).toBe(100);
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);

    expect(await stack.db.product.count({ where: { shop: stack.shop } })).toBe(store.state.products.length);
    expect(await stack.db.order.count({ where: { shop: stack.shop } })).toBe(store.state.orders.length);
    const counted = store.state.orders.filter((o) => !o.cancelledAt && (o.financialStatus === "PAID" || o.financialStatus === "PARTIALLY_REFUNDED"));
    expect((await stack.db.coPurchaseTotal.findUnique({ where: { shop: stack.shop } }))?.baskets).toBe(counted.length);

    // The seeded shop's strongest complement: the matcha set's whisk is recommended with the matcha.
    const matcha = store.productByHandle("ceremonial-matcha")!;
    const response = await fetch(appProxyUrl(stack, "/recommendations", { query: { product_id: String(matcha.id), limit: "3" } }));
    const body = (await response.json()) as { items: { handle: string }[] };
    expect(body.items.map((i) => i.handle)).toContain("bamboo-matcha-whisk");
  }, 180_000);
});
