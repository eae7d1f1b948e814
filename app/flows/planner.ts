import { HOUR_MS, type FlowDefinition, type FlowStep, type StepConditions } from "./definition";

/**
 * The scheduler's decisions, as a pure function of a run, its flow, what Encore knows of the
 * customer and the time: no clock, no database. The persistence layer (scheduler.server.ts)
 * claims a due run, asks planRun what to do and records the outcome.
 */
export interface RunPosition {
  /** The next step to decide on. */
  stepIndex: number;
  /** When the trigger happened (the order's time): every step's delay counts from here. */
  enteredAt: Date;
}

export interface CustomerFacts {
  email: string | null;
  /** Shopify's email marketing state says subscribed. */
  marketingConsent: boolean;
  /** The customer used an unsubscribe link (honoured even before Shopify's state follows). */
  unsubscribed: boolean;
  /** The customer placed another order after the one that enrolled them. */
  orderedSinceEntry: boolean;
  /** For step conditions (read only when a step has conditions; absent: unknown, treated as none). */
  orderCount?: number;
  totalSpendCents?: number;
  tierName?: string | null;
  boughtProductIds?: string[];
}

/** Why the customer does not meet a step's conditions (null: they do). */
export function unmetCondition(conditions: StepConditions, facts: CustomerFacts): string | null {
  const orders = facts.orderCount ?? 0;
  if (conditions.minOrders !== undefined && orders < conditions.minOrders) return `Has ${orders} order(s), the step needs at least ${conditions.minOrders}`;
  if (conditions.maxOrders !== undefined && orders > conditions.maxOrders) return `Has ${orders} order(s), the step needs at most ${conditions.maxOrders}`;
  const spend = facts.totalSpendCents ?? 0;
  if (conditions.minSpendCents !== undefined && spend < conditions.minSpendCents) {
    return `Spent ${(spend / 100).toFixed(2)}, the step needs at least ${(conditions.minSpendCents / 100).toFixed(2)}`;
  }
  if (conditions.hasTier !== undefined && !!facts.tierName !== conditions.hasTier) {
    return conditions.hasTier ? "Not in a loyalty tier" : `In the loyalty tier ${facts.tierName}`;
  }
  if (conditions.tiers) {
    const tier = facts.tierName?.toLowerCase() ?? null;
    if (!tier || !conditions.tiers.some((name) => name.toLowerCase() === tier)) return `Loyalty tier is ${facts.tierName ?? "none"}, the step needs ${conditions.tiers.join(" or ")}`;
  }
  if (conditions.boughtProductIds) {
    const bought = new Set(facts.boughtProductIds ?? []);
    if (!conditions.boughtProductIds.some((id) => bought.has(id))) return "Has not bought any of the step's products";
  }
  if (conditions.marketingConsent !== undefined) {
    const consent = facts.marketingConsent && !facts.unsubscribed;
    if (consent !== conditions.marketingConsent) return conditions.marketingConsent ? "No email marketing consent" : "Has email marketing consent";
  }
  return null;
}

/** Whether planning this step needs the customer's order figures, tier or products. */
export function needsCustomerFigures(step: FlowStep | undefined): boolean {
  return !!step && Object.keys(step.conditions).some((key) => key !== "marketingConsent");
}

export type Plan =
  | { kind: "wait"; until: Date }
  | { kind: "execute"; stepIndex: number; step: FlowStep; includeOffer: boolean }
  | { kind: "skip"; stepIndex: number; reason: string }
  | { kind: "exit"; reason: string }
  | { kind: "complete" };

export function stepDueAt(run: RunPosition, step: FlowStep): Date {
  return new Date(run.enteredAt.getTime() + step.delayHours * HOUR_MS);
}

/** When the run should next be looked at (null: it has no steps left). */
export function nextRunAt(run: RunPosition, flow: Pick<FlowDefinition, "steps">): Date | null {
  const step = flow.steps[run.stepIndex];
  return step ? stepDueAt(run, step) : null;
}

const hours = (ms: number) => Math.round((ms / HOUR_MS) * 10) / 10;

export function planRun(run: RunPosition, flow: Pick<FlowDefinition, "steps" | "onNewOrder">, facts: CustomerFacts, now: Date): Plan {
  const step = flow.steps[run.stepIndex];
  if (!step) return { kind: "complete" };
  if (flow.onNewOrder === "exit" && facts.orderedSinceEntry) return { kind: "exit", reason: "The customer ordered again" };
  const due = stepDueAt(run, step);
  if (now < due) return { kind: "wait", until: due };
  const late = now.getTime() - due.getTime();
  if (late > step.staleAfterHours * HOUR_MS) {
    return {
      kind: "skip",
      stepIndex: run.stepIndex,
      reason: `Too late: due ${due.toISOString()}, ${hours(late)} h ago (this step is stale after ${step.staleAfterHours} h)`,
    };
  }
  const skip = (reason: string): Plan => ({ kind: "skip", stepIndex: run.stepIndex, reason });
  if (step.onlyIfNoOrderSince && facts.orderedSinceEntry) return skip("The customer has ordered since");
  const unmet = unmetCondition(step.conditions, facts);
  if (unmet) return skip(unmet);
  if (step.action === "end_flow") return { kind: "exit", reason: `Ended by the step "${step.name}"` };
  // Points and tags reach the customer without an email: no address or consent needed.
  if (step.action !== "email") return { kind: "execute", stepIndex: run.stepIndex, step, includeOffer: false };
  if (!facts.email) return skip("The customer has no email address");
  const marketingAllowed = facts.marketingConsent && !facts.unsubscribed;
  if (step.purpose === "marketing") {
    if (facts.unsubscribed) return skip("The customer unsubscribed");
    if (!facts.marketingConsent) return skip("No email marketing consent");
  }
  return { kind: "execute", stepIndex: run.stepIndex, step, includeOffer: marketingAllowed };
}
