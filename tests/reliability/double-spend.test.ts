// Reliability scenario 3 (docs/reliability.md): 200 redemptions of one customer's points race
// through the storefront endpoint, spread over two app processes on one PostgreSQL. Exactly the
// affordable number succeed, each with its own code; the balance never goes negative and equals
// what the entries say.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints, saveLoyaltyProgram, verifyLedger } from "../../app/loyalty/ledger.server";
import { createReward } from "../../app/loyalty/rewards.server";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { adminFetch, embeddedAppUrl } from "../support/shopify-requests";
import { eventually, startStack, TEST_API_SECRET, type Stack } from "../support/stack";

const RACERS = 200;
const POINTS = 2_500;
const COST = 100; // 25 affordable

let stack: Stack;
beforeAll(async () => {
  // The race is the point here, not the per-shopper rate limit (rate-limit.test.ts covers that).
  stack = await startStack({ processes: 2, databaseKind: "postgres", appEnv: { RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE: "1000" } });
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the offline session the proxy uses for the Admin API
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
  await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe("double spend across two app processes", () => {
  it(`${RACERS} concurrent redemptions: exactly the affordable succeed, never a negative balance`, async () => {
    const customer = stack.sandbox.context.store.state.customers[0];
    const customerId = String(customer.id);
    expect((await adjustPoints(stack.db, stack.shop, customerId, POINTS, `adjust:${randomUUID()}`, "Reliability test points")).ok).toBe(true);
    const reward = await createReward(stack.db, stack.shop, { name: "$1 off", pointsCost: COST, kind: "fixed_amount", value: 100, productVariantId: null, minimumSubtotalCents: null, codeValidDays: 30 });

    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: RACERS }, async (_, i) => {
        const app = stack.apps[i % stack.apps.length];
        const query = signedProxyQuery(new URLSearchParams(), { shop: stack.shop, customerId: customer.id, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) }, TEST_API_SECRET);
        const response = await fetch(`${app.url}/proxy/loyalty/redeem?${query.toString()}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ rewardId: reward.id, requestId: randomUUID() }),
        });
        return { status: response.status, body: (await response.json()) as { redemption?: { code: string } } };
      }),
    );
    const elapsed = Date.now() - started;
    const succeeded = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    console.info(`[double-spend] ${RACERS} redemptions over ${stack.apps.length} processes in ${elapsed} ms: ${succeeded.length} succeeded, ${refused.length} refused`);
    const other = answers.filter((a) => a.status !== 200 && a.status !== 409);
    if (other.length > 0) console.error(stack.apps.map((a) => a.output().split("\n").filter((l) => l.includes("[loyalty]") || l.includes("[discount-codes]") || l.includes("rror")).join("\n")).join("\n"));
    expect(other, "answers that were neither a code nor a refusal").toEqual([]);

    expect(succeeded).toHaveLength(POINTS / COST);
    expect(refused).toHaveLength(RACERS - POINTS / COST);
    expect(new Set(succeeded.map((a) => a.body.redemption!.code)).size).toBe(POINTS / COST);
    const balance = await stack.db.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop: stack.shop, customerId } } });
    expect(balance.available).toBe(0);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
    const codes = (stack.sandbox.context.store.state.discounts ?? []).filter((d) => d.customerIds?.includes(customer.id));
    expect(codes).toHaveLength(POINTS / COST);
  });
});
