// The storefront's redemption endpoints through real HTTP: signed app-proxy requests to the built
// app, which makes the codes in the sandbox's Admin API (app/shopify/discount-codes.server.ts).
// Bad input gets a 4xx with a message and writes nothing; the customer is only ever the one in
// Shopify's signature; 100 redemptions racing for one balance let exactly the affordable through.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints, saveLoyaltyProgram, verifyLedger } from "../../app/loyalty/ledger.server";
import { createReward } from "../../app/loyalty/rewards.server";
import { adminFetch, appProxyUrl, embeddedAppUrl } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
const OTHER_SHOP = "someone-else.myshopify.com";

type Reward = Awaited<ReturnType<typeof createReward>>;
let rewards: { fiveOff: Reward; costly: Reward; disabled: Reward; ghost: Reward; raced: Reward; cancelled: Reward; foreign: { id: string } };

// Everything this file arranges in the database is written before the app is installed: the
// install starts the history import, and on SQLite this process writing while the app imports
// would meet its write lock (one writer per database file). Afterwards only the app writes.
beforeAll(async () => {
  // 100 concurrent redemptions of one customer below: above the storefront's per-shopper rate limit.
  stack = await startStack({ appEnv: { RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE: "1000" } });
  await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
  for (const [index, points] of [800, 100, 300, 1_000, 500].entries()) await give(customers()[index].id, points);
  rewards = {
    fiveOff: await fiveOff(500),
    costly: await fiveOff(101),
    disabled: await fiveOff(10),
    // A free product whose variant Shopify does not have: discountCodeBasicCreate answers with userErrors.
    ghost: await createReward(stack.db, stack.shop, { name: "Free ghost", pointsCost: 300, kind: "free_product", value: null, productVariantId: "999999999", minimumSubtotalCents: null, codeValidDays: null }),
    raced: await fiveOff(110), // 9 affordable of 1,000 points, 10 left
    cancelled: await fiveOff(500),
    foreign: await stack.db.loyaltyReward.create({ data: { shop: OTHER_SHOP, name: "Theirs", pointsCost: 1, kind: "free_shipping" } }),
  };
  await stack.db.loyaltyReward.update({ where: { id: rewards.disabled.id }, data: { enabled: false } });
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the offline session the proxy uses for the Admin API
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

type Answer = { status: number; body: { error?: string; message?: string; available?: number; redemption?: { id: string; code: string; status: string; applyPath: string; points: number } } };

async function post(path: "redeem" | "cancel", customerId: number | null, body: unknown): Promise<Answer> {
  const response = await fetch(appProxyUrl(stack, `/loyalty/${path}`, { customerId }), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const customers = () => stack.sandbox.context.store.state.customers;
const discounts = () => stack.sandbox.context.store.state.discounts ?? [];
const available = async (customerId: number) => (await stack.db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop: stack.shop, customerId: String(customerId) } } }))?.available ?? 0;
const writes = async () => ({
  entries: await stack.db.loyaltyEntry.count({ where: { shop: stack.shop } }),
  redemptions: await stack.db.loyaltyRedemption.count({ where: { shop: stack.shop } }),
  discounts: discounts().length,
});
async function give(customerId: number, points: number) {
  expect((await adjustPoints(stack.db, stack.shop, String(customerId), points, `adjust:${randomUUID()}`, "Test points")).ok).toBe(true);
}
const fiveOff = (pointsCost: number) =>
  createReward(stack.db, stack.shop, { name: "$5 off", pointsCost, kind: "fixed_amount", value: 500, productVariantId: null, minimumSubtotalCents: 2000, codeValidDays: 30 });

describe("POST /apps/encore/loyalty/redeem", () => {
  it("spends the points and makes a single-use code only this customer can use; a replayed click spends once", async () => {
    const customer = customers()[0];
    const reward = rewards.fiveOff;
    const requestId = randomUUID();
    const first = await post("redeem", customer.id, { rewardId: reward.id, requestId });
    expect(first).toMatchObject({ status: 200, body: { available: 300, redemption: { status: "issued", points: 500 } } });
    const code = first.body.redemption!.code;
    expect(code).toMatch(/^ENCORE-/);
    expect(first.body.redemption!.applyPath).toBe(`/discount/${code}`);
    const made = discounts().filter((d) => d.codes.some((c) => c.code === code));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ customerIds: [customer.id], minimumSubtotalCents: 2000, value: { type: "fixed_amount", amountCents: 500 } });

    const again = await post("redeem", customer.id, { rewardId: reward.id, requestId });
    expect(again).toMatchObject({ status: 200, body: { redemption: { id: first.body.redemption!.id, code } } });
    expect(discounts().filter((d) => d.title === made[0].title)).toHaveLength(1);
    expect(await available(customer.id)).toBe(300);

    // The panel lists the code with its apply link.
    const panel = (await (await fetch(appProxyUrl(stack, "/loyalty", { customerId: customer.id }))).json()) as { customer: { available: number; redemptions: { code: string; applyPath: string }[] } };
    expect(panel.customer.available).toBe(300);
    expect(panel.customer.redemptions).toEqual([expect.objectContaining({ code, applyPath: `/discount/${code}` })]);
  });

  it("answers bad input with a 4xx and a message, writing nothing", async () => {
    const customer = customers()[1];
    const { costly, disabled, foreign } = rewards;
    const before = await writes();
    const id = () => randomUUID();
    expect(await post("redeem", null, { rewardId: costly.id, requestId: id() })).toEqual({ status: 401, body: { error: "guest", message: "Log in to your account to use your points." } });
    expect(await post("redeem", customer.id, "{not json")).toMatchObject({ status: 400, body: { error: "bad-json" } });
    expect(await post("redeem", customer.id, { requestId: id() })).toMatchObject({ status: 400, body: { message: "Choose a reward." } });
    expect(await post("redeem", customer.id, { rewardId: costly.id, requestId: "x" })).toMatchObject({ status: 400, body: { message: "The request id is not valid." } });
    expect(await post("redeem", customer.id, { rewardId: "nope", requestId: id() })).toMatchObject({ status: 404, body: { message: "That reward does not exist." } });
    expect(await post("redeem", customer.id, { rewardId: foreign.id, requestId: id() })).toMatchObject({ status: 404, body: { error: "unknown-reward" } });
    expect(await post("redeem", customer.id, { rewardId: disabled.id, requestId: id() })).toMatchObject({ status: 409, body: { message: "That reward is no longer available." } });
    expect(await post("redeem", customer.id, { rewardId: costly.id, requestId: id() })).toEqual({ status: 409, body: { error: "not-enough-points", message: "You have 100 points; this reward needs 101." } });
    expect((await fetch(appProxyUrl(stack, "/loyalty/redeem", { customerId: customer.id }))).status).toBe(405);
    // A forged body customer changes nothing: the signed query names the customer.
    expect(await post("redeem", 987654321, { rewardId: costly.id, requestId: id(), customerId: customer.id })).toMatchObject({ status: 409, body: { message: "You have 0 points; this reward needs 101." } });
    expect(await writes()).toEqual(before);
    expect(await available(customer.id)).toBe(100);

    expect(await writes()).toEqual(before);
  });

  it("gives the points back with a clear message when Shopify refuses the code", async () => {
    const customer = customers()[2];
    const { ghost } = rewards;
    const discountsBefore = discounts().length;
    const answer = await post("redeem", customer.id, { rewardId: ghost.id, requestId: randomUUID() });
    expect(answer).toEqual({ status: 502, body: { error: "code-failed", message: "We could not create your discount code, so your 300 points are back in your balance. Please try again in a moment." } });
    expect(await available(customer.id)).toBe(300);
    expect(discounts().length).toBe(discountsBefore);
    expect(await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, customerId: String(customer.id), kind: "return" } })).toBe(1);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  });

  it("lets exactly the affordable redemptions through when 100 race for one balance", async () => {
    const customer = customers()[3];
    const reward = rewards.raced;
    const before = discounts().length;
    const answers = await Promise.all(Array.from({ length: 100 }, () => post("redeem", customer.id, { rewardId: reward.id, requestId: randomUUID() })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(9);
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409 && a.body.error === "not-enough-points")).toBe(true);
    expect(await available(customer.id)).toBe(10);
    expect(discounts().length - before).toBe(9);
    expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.body.redemption!.code)).size).toBe(9);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  }, 120_000);
});

describe("POST /apps/encore/loyalty/cancel", () => {
  it("deactivates an unused code and returns its points once; never another customer's", async () => {
    const customer = customers()[4];
    const reward = rewards.cancelled;
    const redeemed = await post("redeem", customer.id, { rewardId: reward.id, requestId: randomUUID() });
    expect(redeemed.status).toBe(200);
    const redemptionId = redeemed.body.redemption!.id;

    const stranger = customers()[5];
    expect(await post("cancel", stranger.id, { redemptionId })).toMatchObject({ status: 404, body: { message: "That redemption does not exist." } });
    expect(await post("cancel", null, { redemptionId })).toMatchObject({ status: 401 });
    expect(await post("cancel", customer.id, {})).toMatchObject({ status: 400, body: { message: "Choose a code to cancel." } });
    expect(await available(customer.id)).toBe(0);

    const cancelled = await post("cancel", customer.id, { redemptionId });
    expect(cancelled).toMatchObject({ status: 200, body: { available: 500, redemption: { status: "cancelled" } } });
    const discount = discounts().find((d) => d.codes.some((c) => c.code === redeemed.body.redemption!.code))!;
    expect(discount.endsAt).not.toBeNull();
    expect(Date.parse(discount.endsAt!)).toBeLessThanOrEqual(Date.now());
    expect(await post("cancel", customer.id, { redemptionId })).toMatchObject({ status: 409, body: { error: "already-cancelled" } });
    expect(await available(customer.id)).toBe(500);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  });
});
