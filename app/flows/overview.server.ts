import type { Database } from "../db.server";
import { z } from "zod";
import { flowFromRow, replenishmentLeadDays } from "./flows.server";
import { clickedMessages, shopNps } from "./message-events.server";
import { FLOW_TEMPLATES } from "./templates";

/** The flows page: every ready-made flow (on or off), per-step figures and the latest messages. */
export interface StepFigures {
  name: string;
  delayHours: number;
  purpose: "transactional" | "marketing";
  /** Runs that reached the step (it ran, was skipped or failed). */
  entered: number;
  sent: number;
  skipped: number;
  failed: number;
  unsubscribed: number;
  /** Sent messages with at least one click on a tracked link (decision 020). */
  clicked: number;
  /** Sent messages followed by an order within the attribution window, and those orders' totals. */
  converted: number;
  revenueCents: number;
}

export interface FlowOverview {
  key: string;
  name: string;
  summary: string;
  enabled: boolean;
  /** Replenishment flows: the reminder goes out this many days before the predicted run-out. */
  leadDays: number | null;
  runs: { active: number; completed: number; exited: number };
  steps: StepFigures[];
}

export interface MessageLogEntry {
  id: string;
  at: string;
  flowName: string;
  stepName: string;
  customerId: string;
  email: string | null;
  outcome: string;
  subject: string | null;
  discountCode: string | null;
  reason: string | null;
}

/** Emails the mail server has not accepted yet (they are retried): the admin's warning. */
export interface EmailsWaiting {
  count: number;
  /** The latest refusal, with the next attempt's time. */
  reason: string | null;
}

export async function flowsOverview(
  db: Database,
  shop: string,
  logSize = 50,
): Promise<{ flows: FlowOverview[]; log: MessageLogEntry[]; currencyCode: string; emailsWaiting: EmailsWaiting | null; feedback: Awaited<ReturnType<typeof shopNps>> }> {
  const rows = await db.flow.findMany({ where: { shop } });
  const byKey = new Map(rows.map((row) => [row.key, flowFromRow(row)]));
  const ids = rows.map((row) => row.id);
  const [runCounts, stepCounts, unsubscribes, log, conversions, shopRow, clicked, feedback] = await Promise.all([
    db.flowRun.groupBy({ by: ["flowId", "status"], where: { shop, flowId: { in: ids } }, _count: { _all: true } }),
    db.flowStepRun.groupBy({ by: ["flowId", "stepIndex", "outcome"], where: { shop, flowId: { in: ids } }, _count: { _all: true } }),
    db.emailUnsubscribe.groupBy({ by: ["flowId", "stepIndex"], where: { shop, flowId: { in: ids } }, _count: { _all: true } }),
    db.flowStepRun.findMany({ where: { shop }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: logSize }),
    db.flowStepRun.groupBy({
      by: ["flowId", "stepIndex"],
      where: { shop, flowId: { in: ids }, convertedOrderId: { not: null } },
      _count: { _all: true },
      _sum: { convertedCents: true },
    }),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    clickedMessages(db, shop, ids),
    shopNps(db, shop),
  ]);
  const retrying = await db.flowStepRun.findMany({ where: { shop, outcome: "retrying" }, orderBy: { updatedAt: "desc" }, take: 1, select: { reason: true } });
  const emailsWaiting = retrying.length > 0 ? { count: await db.flowStepRun.count({ where: { shop, outcome: "retrying" } }), reason: retrying[0].reason } : null;
  const flows = FLOW_TEMPLATES.map((template): FlowOverview => {
    const stored = byKey.get(template.key);
    const steps = stored?.steps ?? template.definition.steps;
    const runs = { active: 0, completed: 0, exited: 0 };
    for (const row of runCounts) if (row.flowId === stored?.id && row.status in runs) runs[row.status as keyof typeof runs] += row._count._all;
    return {
      key: template.key,
      name: template.name,
      summary: template.summary,
      enabled: stored?.enabled ?? false,
      leadDays: replenishmentLeadDays({ trigger: template.definition.trigger, steps }),
      runs,
      steps: steps.map((step, index) => {
        const count = (outcome: string) =>
          stepCounts.filter((row) => row.flowId === stored?.id && row.stepIndex === index && row.outcome === outcome).reduce((sum, row) => sum + row._count._all, 0);
        const conversion = conversions.find((row) => row.flowId === stored?.id && row.stepIndex === index);
        const sent = count("sent");
        const skipped = count("skipped");
        const failed = count("failed");
        return {
          name: step.name,
          delayHours: step.delayHours,
          purpose: step.purpose,
          entered: sent + skipped + failed + count("sending") + count("retrying"),
          sent,
          skipped,
          failed,
          unsubscribed: unsubscribes.filter((row) => row.flowId === stored?.id && row.stepIndex === index).reduce((sum, row) => sum + row._count._all, 0),
          clicked: clicked.get(`${stored?.id}:${index}`) ?? 0,
          converted: conversion?._count._all ?? 0,
          revenueCents: conversion?._sum.convertedCents ?? 0,
        };
      }),
    };
  });
  const flowById = new Map(rows.map((row) => [row.id, flowFromRow(row)]));
  return {
    flows,
    emailsWaiting,
    feedback,
    currencyCode: shopRow?.currencyCode ?? "USD",
    log: log.map((row) => {
      const flow = flowById.get(row.flowId);
      return {
        id: row.id,
        at: row.createdAt.toISOString(),
        flowName: flow?.name ?? "(deleted flow)",
        stepName: flow?.steps[row.stepIndex]?.name ?? `Step ${row.stepIndex + 1}`,
        customerId: row.customerId,
        email: row.email,
        outcome: row.outcome,
        subject: row.subject,
        discountCode: row.discountCode,
        reason: row.reason,
      };
    }),
  };
}

/** A replenishment flow's lead time (the page's second form). */
export const leadDaysSchema = z.object({
  key: z.string({ required_error: "Choose the replenishment flow whose lead time to set." }).refine((key) => FLOW_TEMPLATES.some((template) => template.key === key && template.definition.trigger === "predicted_replenishment"), "Only a replenishment flow has a lead time."),
  leadDays: z.coerce
    .number({ invalid_type_error: "Enter the number of days before the predicted run-out (0 to 30)." })
    .int("Enter a whole number of days (0 to 30).")
    .min(0, "Enter the number of days before the predicted run-out (0 to 30).")
    .max(30, "Enter the number of days before the predicted run-out (0 to 30)."),
});

/** The page's main form: switch a ready-made flow on or off. */
export const toggleFlowSchema = z.object({
  key: z.string({ required_error: "Choose a flow to switch on or off." }).refine((key) => FLOW_TEMPLATES.some((template) => template.key === key), "There is no such flow."),
  enabled: z.enum(["true", "false"], { errorMap: () => ({ message: "Say whether to switch the flow on or off." }) }).transform((value) => value === "true"),
});
