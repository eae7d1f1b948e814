import { describe, expect, it } from "vitest";
import { flowDefinitionSchema, HOUR_MS, type FlowDefinition } from "./definition";
import { nextRunAt, planRun, unmetCondition, type CustomerFacts, type RunPosition } from "./planner";
import { flowTemplate, FLOW_TEMPLATES } from "./templates";

// A controllable clock: every "now" is an explicit offset from the trigger.
const entered = new Date("2026-11-01T10:00:00Z");
const at = (hoursAfterEntry: number) => new Date(entered.getTime() + hoursAfterEntry * HOUR_MS);

const flow: FlowDefinition = flowDefinitionSchema.parse({
  trigger: "first_order_paid",
  onNewOrder: "exit",
  steps: [
    { name: "Thanks", delayHours: 0, staleAfterHours: 48, purpose: "transactional", subject: "s", body: "b", discount: { percent: 10, validDays: 30, prefix: "T-" } },
    { name: "Feedback", delayHours: 72, staleAfterHours: 24, purpose: "marketing", subject: "s", body: "b" },
    { name: "Win-back", delayHours: 90 * 24, staleAfterHours: 168, purpose: "marketing", subject: "s", body: "b", onlyIfNoOrderSince: true },
  ],
});

const consenting: CustomerFacts = { email: "ann@example.com", marketingConsent: true, unsubscribed: false, orderedSinceEntry: false };
const run = (stepIndex: number): RunPosition => ({ stepIndex, enteredAt: entered });

describe("planRun", () => {
  it("executes a step that is due at once, with the offer for a consenting customer", () => {
    expect(planRun(run(0), flow, consenting, at(0))).toMatchObject({ kind: "execute", stepIndex: 0, includeOffer: true });
  });

  it("waits until a delayed step is due, then executes it", () => {
    expect(planRun(run(1), flow, consenting, at(71.9))).toEqual({ kind: "wait", until: at(72) });
    expect(planRun(run(1), flow, consenting, at(72))).toMatchObject({ kind: "execute", stepIndex: 1 });
    expect(nextRunAt(run(1), flow)).toEqual(at(72));
    expect(nextRunAt(run(3), flow)).toBeNull();
  });

  it("catches up after downtime while the step still makes sense", () => {
    // The app was down from hour 70 to hour 90: the day-3 step is 18 h late, inside its 24 h.
    expect(planRun(run(1), flow, consenting, at(90))).toMatchObject({ kind: "execute", stepIndex: 1 });
  });

  it("skips a step that is too late to make sense, with the reason", () => {
    const plan = planRun(run(1), flow, consenting, at(72 + 25));
    expect(plan.kind).toBe("skip");
    expect(plan).toMatchObject({ stepIndex: 1 });
    expect(plan.kind === "skip" && plan.reason).toMatch(/Too late: due 2026-11-04T10:00:00.000Z, 25 h ago \(this step is stale after 24 h\)/);
  });

  it("exits when the customer orders again, whatever step is next", () => {
    const again = { ...consenting, orderedSinceEntry: true };
    expect(planRun(run(0), flow, again, at(0))).toEqual({ kind: "exit", reason: "The customer ordered again" });
    expect(planRun(run(1), flow, again, at(10))).toEqual({ kind: "exit", reason: "The customer ordered again" });
  });

  it("moves on instead when the flow continues after a new order, skipping win-back steps", () => {
    const continuing = { ...flow, onNewOrder: "continue" as const };
    const again = { ...consenting, orderedSinceEntry: true };
    expect(planRun(run(1), continuing, again, at(72))).toMatchObject({ kind: "execute", stepIndex: 1 });
    expect(planRun(run(2), continuing, again, at(90 * 24))).toEqual({ kind: "skip", stepIndex: 2, reason: "The customer has ordered since" });
  });

  it("sends marketing only with consent and never after an unsubscribe", () => {
    expect(planRun(run(1), flow, { ...consenting, marketingConsent: false }, at(72))).toEqual({ kind: "skip", stepIndex: 1, reason: "No email marketing consent" });
    expect(planRun(run(1), flow, { ...consenting, unsubscribed: true }, at(72))).toEqual({ kind: "skip", stepIndex: 1, reason: "The customer unsubscribed" });
  });

  it("sends a transactional thank-you without consent, but without the offer", () => {
    expect(planRun(run(0), flow, { ...consenting, marketingConsent: false }, at(1))).toMatchObject({ kind: "execute", includeOffer: false });
    expect(planRun(run(0), flow, { ...consenting, unsubscribed: true }, at(1))).toMatchObject({ kind: "execute", includeOffer: false });
  });

  it("skips customers without an email address", () => {
    expect(planRun(run(0), flow, { ...consenting, email: null }, at(0))).toEqual({ kind: "skip", stepIndex: 0, reason: "The customer has no email address" });
  });

  it("completes after the last step", () => {
    expect(planRun(run(3), flow, consenting, at(10_000))).toEqual({ kind: "complete" });
  });

  it("walks a whole flow on a clock: due times, catch-up and staleness together", () => {
    // The scheduler only looks at the run when it is due (or later, after downtime).
    const outcomes: string[] = [];
    let position = run(0);
    for (const now of [at(0.01), at(80), at(95 * 24)]) {
      const plan = planRun(position, flow, consenting, now);
      outcomes.push(plan.kind === "skip" ? `skip ${plan.stepIndex}` : plan.kind === "execute" ? `send ${plan.stepIndex}` : plan.kind);
      position = { ...position, stepIndex: position.stepIndex + 1 };
    }
    expect(outcomes).toEqual(["send 0", "send 1", "send 2"]);
  });

  it("accepts every ready-made template", () => {
    expect(FLOW_TEMPLATES.map((template) => template.key)).toEqual([
      "thanks-next-order",
      "feedback-day-3",
      "complements-day-14",
      "win-back-day-90",
      "replenishment-reminder",
      "fulfilled-bonus-points",
      "early-access-day-30",
      "win-back-lapsed-vip",
    ]);
    for (const template of FLOW_TEMPLATES) expect(flowDefinitionSchema.safeParse(template.definition).success).toBe(true);
  });

  it("lets a replenishment step fall due before its trigger (the predicted run-out), and no other flow", () => {
    const reminder = flowTemplate("replenishment-reminder")!.definition;
    const runOut = at(30 * 24);
    const position: RunPosition = { stepIndex: 0, enteredAt: runOut };
    // Due five days before the run-out; stale ten days after that.
    expect(nextRunAt(position, reminder)).toEqual(at(25 * 24));
    expect(planRun(position, reminder, consenting, at(24 * 24))).toEqual({ kind: "wait", until: at(25 * 24) });
    expect(planRun(position, reminder, consenting, at(25 * 24))).toMatchObject({ kind: "execute", stepIndex: 0, includeOffer: true });
    // Another order (of something else) does not end it: re-planning is per product, at enrolment.
    expect(planRun(position, reminder, { ...consenting, orderedSinceEntry: true }, at(25 * 24))).toMatchObject({ kind: "execute" });
    expect(planRun(position, reminder, consenting, at(35 * 24 + 1))).toMatchObject({ kind: "skip", reason: expect.stringMatching(/^Too late/) });
    const early = flowDefinitionSchema.safeParse({ ...reminder, trigger: "any_order_paid" });
    expect(early.success).toBe(false);
    expect(early.error?.issues[0]?.message).toBe("Only a predicted-date trigger can have a step before it");
  });
});

describe("step conditions and actions", () => {
  const chain: FlowDefinition = flowDefinitionSchema.parse({
    trigger: "order_fulfilled",
    onNewOrder: "exit",
    steps: [
      { name: "Points", action: "award_points", points: 50, delayHours: 0, staleAfterHours: 24, purpose: "transactional" },
      { name: "VIP only", delayHours: 24, staleAfterHours: 24, purpose: "marketing", subject: "s", body: "b", conditions: { tiers: ["Gold"], minSpendCents: 10_000 } },
      { name: "Stop one-timers", action: "end_flow", delayHours: 48, staleAfterHours: 24, purpose: "transactional", conditions: { maxOrders: 1 } },
      { name: "Tag", action: "add_tag", tag: "loyal", delayHours: 72, staleAfterHours: 24, purpose: "transactional", conditions: { minOrders: 2, boughtProductIds: ["7"] } },
    ],
  });
  const gold: CustomerFacts = { ...consenting, orderCount: 3, totalSpendCents: 25_000, tierName: "gold", boughtProductIds: ["7", "8"] };

  it("runs points and tag steps without an email address or consent", () => {
    const noEmail = { ...gold, email: null, marketingConsent: false };
    expect(planRun(run(0), chain, noEmail, at(0))).toMatchObject({ kind: "execute", stepIndex: 0, includeOffer: false, step: { action: "award_points", points: 50 } });
    expect(planRun(run(3), chain, noEmail, at(72))).toMatchObject({ kind: "execute", stepIndex: 3, step: { action: "add_tag", tag: "loyal" } });
  });

  it("skips a step whose conditions fail, saying which", () => {
    expect(planRun(run(1), chain, gold, at(24))).toMatchObject({ kind: "execute", stepIndex: 1 });
    expect(planRun(run(1), chain, { ...gold, tierName: "Silver" }, at(24))).toEqual({ kind: "skip", stepIndex: 1, reason: "Loyalty tier is Silver, the step needs Gold" });
    expect(planRun(run(1), chain, { ...gold, totalSpendCents: 9_999 }, at(24))).toEqual({ kind: "skip", stepIndex: 1, reason: "Spent 99.99, the step needs at least 100.00" });
    expect(planRun(run(3), chain, { ...gold, boughtProductIds: ["8"] }, at(72))).toEqual({ kind: "skip", stepIndex: 3, reason: "Has not bought any of the step's products" });
    expect(unmetCondition({ minOrders: 2 }, { ...gold, orderCount: 1 })).toBe("Has 1 order(s), the step needs at least 2");
    expect(unmetCondition({ hasTier: true }, { ...gold, tierName: null })).toBe("Not in a loyalty tier");
    expect(unmetCondition({ marketingConsent: true }, { ...gold, unsubscribed: true })).toBe("No email marketing consent");
    expect(unmetCondition({}, { ...consenting })).toBeNull();
  });

  it("ends the flow at an end step whose conditions hold, and passes it otherwise", () => {
    expect(planRun(run(2), chain, { ...gold, orderCount: 1 }, at(48))).toEqual({ kind: "exit", reason: 'Ended by the step "Stop one-timers"' });
    expect(planRun(run(2), chain, gold, at(48))).toMatchObject({ kind: "skip", stepIndex: 2, reason: "Has 3 order(s), the step needs at most 1" });
  });

  it("walks the chain on a clock: waits, catches up, skips stale steps and exits on a new order", () => {
    expect(planRun(run(1), chain, gold, at(23))).toEqual({ kind: "wait", until: at(24) });
    // Down from hour 1 to hour 40: the VIP email (due 24) is 16 h late, inside its 24 h: sent.
    expect(planRun(run(1), chain, gold, at(40))).toMatchObject({ kind: "execute", stepIndex: 1 });
    // A points step more than a day late is skipped like an email.
    expect(planRun(run(0), chain, gold, at(25))).toMatchObject({ kind: "skip", stepIndex: 0, reason: expect.stringMatching(/^Too late/) });
    expect(planRun(run(3), chain, { ...gold, orderedSinceEntry: true }, at(72))).toEqual({ kind: "exit", reason: "The customer ordered again" });
  });

  it("rejects action steps without what they need", () => {
    const bad = flowDefinitionSchema.safeParse({ ...chain, steps: [{ ...chain.steps[0], points: undefined }, { ...chain.steps[1], subject: "" }] });
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual(["Say how many points to award", "An email step needs a subject and a body"]);
  });

  it("makes the lapsed-VIP win-back due at the lapse and only for tier members", () => {
    const vip = flowTemplate("win-back-lapsed-vip")!.definition;
    expect(nextRunAt(run(0), vip)).toEqual(at(120 * 24));
    expect(planRun(run(0), vip, { ...consenting, tierName: null }, at(120 * 24))).toMatchObject({ kind: "skip", reason: "Not in a loyalty tier" });
    expect(planRun(run(0), vip, { ...consenting, tierName: "Gold" }, at(120 * 24))).toMatchObject({ kind: "execute", includeOffer: true });
  });
});
