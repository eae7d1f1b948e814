import { z } from "zod";

/**
 * What a flow is: a trigger, then steps. Each step is due a fixed time after the trigger (the
 * order that enrolled the customer, or for predicted_replenishment the date the customer is
 * predicted to run out of a product: app/flows/replenishment.ts), checks its conditions and sends
 * one email. Stored as JSON on the Flow row and validated here on every read, so a bad row fails
 * loudly instead of sending.
 */
export const FLOW_TRIGGERS = ["first_order_paid", "any_order_paid", "predicted_replenishment", "order_fulfilled", "no_order_for_days"] as const;
export type FlowTrigger = (typeof FLOW_TRIGGERS)[number];

const discountSchema = z.object({
  percent: z.number().int().min(1).max(100),
  validDays: z.number().int().min(1).max(365),
  prefix: z.string().regex(/^[A-Z0-9-]{1,20}$/, "must be 1-20 capital letters, digits or dashes"),
});

/** What a step does when it runs (docs/decisions/019-flow-triggers.md). */
export const STEP_ACTIONS = ["email", "award_points", "add_tag", "remove_tag", "end_flow"] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** Facts about the customer a step can require; all must hold, else the step is skipped with the reason. */
export const stepConditionsSchema = z.object({
  minOrders: z.number().int().min(1).max(10_000).optional(),
  maxOrders: z.number().int().min(0).max(10_000).optional(),
  /** Total of the customer's orders (not cancelled), in the shop's currency's cents. */
  minSpendCents: z.number().int().min(0).optional(),
  /** In some loyalty tier (true) or in none (false). */
  hasTier: z.boolean().optional(),
  /** Loyalty tier names (any of them, case-insensitive). */
  tiers: z.array(z.string().min(1).max(80)).min(1).max(20).optional(),
  /** Bought any of these products (numeric ids). */
  boughtProductIds: z.array(z.string().regex(/^\d+$/)).min(1).max(50).optional(),
  /** Has email marketing consent (and has not unsubscribed). */
  marketingConsent: z.boolean().optional(),
});
export type StepConditions = z.infer<typeof stepConditionsSchema>;

export const flowStepSchema = z.object({
  name: z.string().min(1).max(80),
  action: z.enum(STEP_ACTIONS).default("email"),
  /** award_points: how many bonus points (the ledger records them once per run and step). */
  points: z.number().int().min(1).max(1_000_000).optional(),
  /** add_tag / remove_tag: the customer tag. */
  tag: z.string().min(1).max(40).optional(),
  conditions: stepConditionsSchema.default({}),
  /** Due this long after the trigger; negative (before it) only for a predicted date (replenishment). */
  delayHours: z.number().min(-24 * 60).max(24 * 400),
  /** Later than this after it fell due (the app was down), the step no longer makes sense: skipped. */
  staleAfterHours: z.number().min(1).max(24 * 60),
  /**
   * marketing: only to customers with email marketing consent who have not unsubscribed.
   * transactional: to every customer with an email (offers in it still need consent).
   */
  purpose: z.enum(["transactional", "marketing"]),
  /** email steps only (required there). */
  subject: z.string().max(200).default(""),
  /** Liquid (liquidjs); see app/flows/email-template.ts for the variables. email steps only. */
  body: z.string().max(20_000).default(""),
  /** A unique single-use code for this customer, created when the step runs (needs consent). */
  discount: discountSchema.optional(),
  /** How many recommended products (cross-sell engine) the template gets. */
  recommendations: z.number().int().min(0).max(6).default(0),
  /** Only when the customer has not ordered since the trigger (win-back). */
  onlyIfNoOrderSince: z.boolean().default(false),
});
export type FlowStep = z.infer<typeof flowStepSchema>;

/** What each action needs (null: fine). Checked on every read, so a stored bad step fails loudly. */
export function stepProblem(step: FlowStep): string | null {
  if (step.action === "email" && (!step.subject || !step.body)) return "An email step needs a subject and a body";
  if (step.action === "award_points" && !step.points) return "Say how many points to award";
  if ((step.action === "add_tag" || step.action === "remove_tag") && !step.tag) return "Say which tag";
  return null;
}

/** The steps of a stored flow, validated. */
export const flowStepsSchema = z.array(flowStepSchema).superRefine((steps, context) => {
  steps.forEach((step, index) => {
    const problem = stepProblem(step);
    if (problem) context.addIssue({ code: "custom", path: [index], message: problem });
  });
});

export const flowDefinitionSchema = z
  .object({
    trigger: z.enum(FLOW_TRIGGERS),
    /** exit: a new order ends the customer's run; continue: later steps still run. */
    onNewOrder: z.enum(["exit", "continue"]),
    steps: z.array(flowStepSchema).min(1).max(20),
  })
  .superRefine((flow, context) => {
    // Only a predicted date lies in the future: an order cannot be reminded of before it happened.
    flow.steps.forEach((step, index) => {
      const problem = stepProblem(step);
      if (problem) context.addIssue({ code: "custom", path: ["steps", index], message: problem });
      if (step.delayHours < 0 && flow.trigger !== "predicted_replenishment") {
        context.addIssue({ code: "custom", path: ["steps", index, "delayHours"], message: "Only a predicted-date trigger can have a step before it" });
      }
    });
  });
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;

export function parseSteps(json: string): FlowStep[] {
  return flowStepsSchema.parse(JSON.parse(json));
}

export const HOUR_MS = 3_600_000;

/** A purchase this long after a flow email counts as that email's conversion. */
export const ATTRIBUTION_DAYS = 7;
