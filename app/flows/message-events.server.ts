import type { Database } from "../db.server";
import { flowFromRow, isUniqueViolation } from "./flows.server";
import { isAllowedTarget, netPromoterScore, verifyClick, verifyFeedback, type NpsFigure } from "./message-links";

/** What a customer did with a flow email (decision 020): clicks and feedback answers. */

type Outcome<T> = ({ ok: true } & T) | { ok: false; message: string };

const BROKEN = "This link is not valid: it may have been cut off or changed. Open it again from the email.";

/** A click on a tracked link: recorded once per message and target; the answer is where to send the customer. */
export async function recordClick(db: Database, params: { m?: string | null; u?: string | null; s?: string | null }, secret: string): Promise<Outcome<{ target: string }>> {
  const verified = verifyClick(params, secret);
  if (!verified) return { ok: false, message: BROKEN };
  const message = await db.flowStepRun.findUnique({ where: { id: verified.messageId }, select: { id: true, shop: true, flowId: true, stepIndex: true, customerId: true } });
  if (!message) return { ok: false, message: "This email is no longer known to the shop." };
  // Signed, but checked again: a link must never lead off the shop's own domain.
  if (!isAllowedTarget(verified.target, message.shop)) return { ok: false, message: BROKEN };
  try {
    await db.flowMessageClick.create({
      data: { shop: message.shop, stepRunId: message.id, flowId: message.flowId, stepIndex: message.stepIndex, customerId: message.customerId, url: verified.target },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // the same link clicked again: counted once
  }
  return { ok: true, target: verified.target };
}

/** A 1-10 answer from the feedback links: one per message, a later click replaces it. */
export async function recordFeedback(
  db: Database,
  params: { m?: string | null; score?: string | null; s?: string | null },
  secret: string,
  comment?: string,
): Promise<Outcome<{ score: number; shopName: string }>> {
  const verified = verifyFeedback(params, secret);
  if (!verified) return { ok: false, message: BROKEN };
  const message = await db.flowStepRun.findUnique({ where: { id: verified.messageId }, select: { id: true, shop: true, flowId: true, customerId: true } });
  if (!message) return { ok: false, message: "This email is no longer known to the shop." };
  const text = comment?.trim().slice(0, 2000);
  const data = { score: verified.score, ...(text !== undefined ? { comment: text || null } : {}) };
  await db.flowFeedback.upsert({
    where: { stepRunId: message.id },
    create: { stepRunId: message.id, shop: message.shop, flowId: message.flowId, customerId: message.customerId, ...data },
    update: data,
  });
  const shopRow = await db.shop.findUnique({ where: { domain: message.shop }, select: { name: true } });
  return { ok: true, score: verified.score, shopName: shopRow?.name ?? "the shop" };
}

/** Per flow and step: messages with at least one click. */
export async function clickedMessages(db: Database, shop: string, flowIds: string[]): Promise<Map<string, number>> {
  const rows = await db.flowMessageClick.groupBy({ by: ["flowId", "stepIndex", "stepRunId"], where: { shop, flowId: { in: flowIds } } });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(`${row.flowId}:${row.stepIndex}`, (counts.get(`${row.flowId}:${row.stepIndex}`) ?? 0) + 1);
  return counts;
}

/** The shop's NPS from the feedback answers (all flows), with the latest comments. */
export async function shopNps(db: Database, shop: string): Promise<NpsFigure & { comments: { score: number; comment: string; at: string }[] }> {
  const [answers, comments] = await Promise.all([
    db.flowFeedback.findMany({ where: { shop }, select: { score: true } }),
    db.flowFeedback.findMany({ where: { shop, comment: { not: null } }, orderBy: { updatedAt: "desc" }, take: 5, select: { score: true, comment: true, updatedAt: true } }),
  ]);
  return {
    ...netPromoterScore(answers.map((answer) => answer.score)),
    comments: comments.map((row) => ({ score: row.score, comment: row.comment ?? "", at: row.updatedAt.toISOString() })),
  };
}

export interface CustomerMessage {
  id: string;
  at: string;
  flowName: string;
  stepName: string;
  outcome: string;
  subject: string | null;
  clicks: number;
  convertedOrderId: string | null;
  convertedCents: number | null;
  feedbackScore: number | null;
}

/** One customer's flow emails, newest first: what was sent, clicked, converted, answered. */
export async function customerMessages(db: Database, shop: string, customerId: string, take = 50): Promise<CustomerMessage[]> {
  const rows = await db.flowStepRun.findMany({ where: { shop, customerId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take });
  const ids = rows.map((row) => row.id);
  const [flows, clicks, feedback] = await Promise.all([
    db.flow.findMany({ where: { shop, id: { in: [...new Set(rows.map((row) => row.flowId))] } } }),
    db.flowMessageClick.groupBy({ by: ["stepRunId"], where: { shop, stepRunId: { in: ids } }, _count: { _all: true } }),
    db.flowFeedback.findMany({ where: { shop, stepRunId: { in: ids } }, select: { stepRunId: true, score: true } }),
  ]);
  const flowById = new Map(flows.map((flow) => [flow.id, flowFromRow(flow)]));
  return rows.map((row) => {
    const flow = flowById.get(row.flowId);
    return {
      id: row.id,
      at: (row.sentAt ?? row.createdAt).toISOString(),
      flowName: flow?.name ?? "(deleted flow)",
      stepName: flow?.steps[row.stepIndex]?.name ?? `Step ${row.stepIndex + 1}`,
      outcome: row.outcome,
      subject: row.subject,
      clicks: clicks.find((click) => click.stepRunId === row.id)?._count._all ?? 0,
      convertedOrderId: row.convertedOrderId,
      convertedCents: row.convertedCents,
      feedbackScore: feedback.find((answer) => answer.stepRunId === row.id)?.score ?? null,
    };
  });
}
