import type { Database } from "../db.server";
import type { CreatedCode, SingleUseCodeInput } from "../shopify/discount-codes.server";
import type { FlowStep } from "./definition";
import { renderEmail } from "./email-template";
import { feedbackLinks, trackEmail } from "./message-links";
import { flowFromRow, isUniqueViolation, type StoredFlow } from "./flows.server";
import { adjustPoints, loyaltyProgram } from "../loyalty/ledger.server";
import { needsCustomerFigures, nextRunAt, planRun, stepDueAt, unmetCondition, type CustomerFacts, type Plan } from "./planner";
import { parseReplenishmentTriggerKey } from "./replenishment";
import { takeSendSlot } from "./send-rate.server";
import { unsubscribeToken } from "./unsubscribe-token";

/**
 * The flow scheduler's persistence: it claims due runs with a conditional update (only one
 * process can move a run's claim from free to itself), asks the pure planner what to do, and
 * records the outcome. A step's FlowStepRun row is written before its email is sent and is unique
 * per (run, step): even a process whose claim lapsed mid-send cannot send the step again.
 * See docs/decisions/011-flows-scheduler.md.
 */

export interface OutgoingEmail {
  fromName: string;
  replyTo: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  unsubscribeUrl: string;
}

/** What running a step does outside the database (Shopify, SMTP), so tests can drive it. */
export interface StepEffects {
  sendEmail(message: OutgoingEmail): Promise<{ messageId: string }>;
  /** The send threw, and certainly delivered nothing (safe to try again: see smtpNotAccepted). */
  notAccepted?(error: unknown): boolean;
  /** createSingleUseCode (app/shopify/discount-codes.server.ts) with the shop's Admin API. */
  createCode(request: SingleUseCodeInput): Promise<CreatedCode>;
  /** Shopify's email marketing state now ("SUBSCRIBED", ...); null when it cannot be read. */
  marketingState(customerId: string): Promise<string | null>;
  recommendations(orderId: string, limit: number): Promise<{ title: string; url: string }[]>;
  /** tagsAdd / tagsRemove on the customer (idempotent in Shopify); throws with Shopify's message. */
  tagCustomer?(customerId: string, tag: string, mode: "add" | "remove"): Promise<void>;
  /** The app's public URL (unsubscribe links) and the secret that signs them. */
  appUrl: string;
  secret: string;
}

export interface SchedulerOptions {
  now?: Date;
  /** This process's name in claims. */
  worker: string;
  batch?: number;
  /** How long a claim holds; a crashed holder's runs are free again after it. */
  leaseMs?: number;
  /** Emails per shop per minute. */
  sendsPerMinute?: number;
  /** The first wait before an email the mail server did not accept is tried again. */
  retryAfterMs?: number;
}

export interface TickResult {
  claimed: number;
  sent: number;
  skipped: number;
  exited: number;
  deferred: number;
}

export const DEFAULT_SENDS_PER_MINUTE = 60;
export const DEFAULT_RETRY_AFTER_MS = 60_000;
const MAX_RETRY_WAIT_MS = 3_600_000;

/**
 * The wait before the next attempt of an email the server did not accept: as long as it has been
 * failing (so waits double), at least the first wait, at most an hour. A step that stays
 * undeliverable past its staleAfterHours is skipped by the planner, as any late step.
 */
export function retryWaitMs(firstAttempt: Date, now: Date, firstWaitMs = DEFAULT_RETRY_AFTER_MS): number {
  return Math.min(Math.max(firstWaitMs, now.getTime() - firstAttempt.getTime()), MAX_RETRY_WAIT_MS);
}

/** Claims up to `batch` due runs of the shop for this worker; returns the ids it got. */
export async function claimDueRuns(db: Database, shop: string, { now = new Date(), worker, batch = 50, leaseMs = 5 * 60_000 }: SchedulerOptions): Promise<string[]> {
  const enabled = await db.flow.findMany({ where: { shop, enabled: true }, select: { id: true } });
  if (enabled.length === 0) return [];
  const free = { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
  const due = { shop, status: "active", nextRunAt: { lte: now }, flowId: { in: enabled.map((flow) => flow.id) } };
  const candidates = await db.flowRun.findMany({ where: { ...due, ...free }, orderBy: { nextRunAt: "asc" }, take: batch, select: { id: true } });
  const claimed: string[] = [];
  for (const { id } of candidates) {
    // The conditional update is the claim: of two processes racing, one matches and one gets 0.
    const { count } = await db.flowRun.updateMany({ where: { id, ...due, ...free }, data: { claimedBy: worker, claimedUntil: new Date(now.getTime() + leaseMs) } });
    if (count === 1) claimed.push(id);
  }
  return claimed;
}

/** One scheduler pass over a shop: claim what is due, run it, release it. */
export async function runDueFlowSteps(db: Database, shop: string, effects: StepEffects, options: SchedulerOptions): Promise<TickResult> {
  const now = options.now ?? new Date();
  // Rate-limit counters older than an hour are history.
  await db.emailSendWindow.deleteMany({ where: { shop, minute: { lt: new Date(now.getTime() - 3_600_000).toISOString().slice(0, 16) } } });
  const ids = await claimDueRuns(db, shop, { ...options, now });
  const result: TickResult = { claimed: ids.length, sent: 0, skipped: 0, exited: 0, deferred: 0 };
  for (const id of ids) {
    try {
      const outcome = await advanceRun(db, shop, id, effects, { ...options, now });
      if (outcome) result[outcome]++;
    } catch (error) {
      // Release the claim so the run is retried on a later pass; the step row guards against a resend.
      await db.flowRun.updateMany({ where: { id, shop, claimedBy: options.worker }, data: { claimedBy: null, claimedUntil: null } });
      console.error(`Encore: flow run ${id} failed`, error);
    }
  }
  return result;
}

type Outcome = "sent" | "skipped" | "exited" | "deferred" | null;

async function advanceRun(db: Database, shop: string, runId: string, effects: StepEffects, options: SchedulerOptions & { now: Date }): Promise<Outcome> {
  const { now, worker } = options;
  const run = await db.flowRun.findFirst({ where: { id: runId, shop, claimedBy: worker } });
  if (!run) return null;
  const flowRow = await db.flow.findFirst({ where: { id: run.flowId, shop } });
  if (!flowRow) {
    await finish(db, shop, runId, worker, { status: "exited", exitReason: "The flow was deleted" });
    return "exited";
  }
  const flow = flowFromRow(flowRow);
  const position = { stepIndex: run.stepIndex, enteredAt: run.enteredAt };
  const facts = await customerFacts(db, shop, run, flow, effects, now);
  const plan = planRun(position, flow, facts, now);
  return applyPlan(db, shop, run, flow, plan, facts, effects, options);
}

type RunRow = { id: string; customerId: string; orderId: string; triggerKey: string; stepIndex: number; enteredAt: Date; flowId: string };

async function applyPlan(
  db: Database,
  shop: string,
  run: RunRow,
  flow: StoredFlow,
  plan: Plan,
  facts: CustomerFacts,
  effects: StepEffects,
  options: SchedulerOptions & { now: Date },
): Promise<Outcome> {
  const { worker, now } = options;
  switch (plan.kind) {
    case "wait":
      await db.flowRun.updateMany({ where: { id: run.id, shop, claimedBy: worker }, data: { nextRunAt: plan.until, claimedBy: null, claimedUntil: null } });
      return null;
    case "complete":
      await finish(db, shop, run.id, worker, { status: "completed" });
      return null;
    case "exit":
      await settleRetry(db, run, run.stepIndex, { outcome: "skipped", reason: plan.reason });
      await finish(db, shop, run.id, worker, { status: "exited", exitReason: plan.reason });
      return "exited";
    case "skip": {
      if (!(await recordStep(db, shop, run, plan.stepIndex, { outcome: "skipped", reason: plan.reason, email: facts.email }))) {
        await settleRetry(db, run, plan.stepIndex, { outcome: "skipped", reason: plan.reason });
      }
      await moveOn(db, shop, run, flow, worker);
      return "skipped";
    }
    case "execute": {
      if (plan.step.action !== "email") {
        const done = await executeActionStep(db, shop, run, flow, plan.stepIndex, plan.step, facts, effects, now);
        await moveOn(db, shop, run, flow, worker);
        return done === null ? null : done ? "sent" : "skipped";
      }
      if (!(await takeSendSlot(db, shop, now, options.sendsPerMinute ?? DEFAULT_SENDS_PER_MINUTE))) {
        // Over the shop's rate: try again at the next minute (the stale check still applies then).
        const nextMinute = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
        await db.flowRun.updateMany({ where: { id: run.id, shop, claimedBy: worker }, data: { nextRunAt: nextMinute, claimedBy: null, claimedUntil: null } });
        return "deferred";
      }
      // A step the mail server refused earlier is taken over from "retrying" by exactly one process.
      const started =
        (await recordStep(db, shop, run, plan.stepIndex, { outcome: "sending", email: facts.email })) ||
        (await settleRetry(db, run, plan.stepIndex, { outcome: "sending", reason: null, email: facts.email }));
      if (!started) {
        // Another process wrote this step (or this one crashed mid-send): never send it twice.
        await db.flowStepRun.updateMany({
          where: { runId: run.id, stepIndex: plan.stepIndex, outcome: "sending" },
          data: { outcome: "failed", reason: "Interrupted while sending; not sent again to avoid a duplicate" },
        });
        await moveOn(db, shop, run, flow, worker);
        return null;
      }
      const result = await executeEmailStep(db, shop, run, flow, plan.stepIndex, plan.step, plan.includeOffer, facts, effects, now, options.retryAfterMs);
      if (result instanceof Date) {
        // Not accepted by the mail server: the run stays on this step until then.
        await db.flowRun.updateMany({ where: { id: run.id, shop, claimedBy: worker }, data: { nextRunAt: result, claimedBy: null, claimedUntil: null } });
        return "deferred";
      }
      await moveOn(db, shop, run, flow, worker);
      return result ? "sent" : "skipped";
    }
  }
}

async function executeEmailStep(
  db: Database,
  shop: string,
  run: RunRow,
  flow: StoredFlow,
  stepIndex: number,
  step: FlowStep,
  includeOffer: boolean,
  facts: CustomerFacts,
  effects: StepEffects,
  now: Date,
  retryAfterMs = DEFAULT_RETRY_AFTER_MS,
): Promise<boolean | Date> {
  const where = { runId_stepIndex: { runId: run.id, stepIndex } };
  // An earlier attempt the mail server refused may have created the customer's code already.
  const earlier = await db.flowStepRun.findUnique({ where, select: { id: true, createdAt: true, discountCode: true } });
  const firstAttempt = earlier?.createdAt ?? now;
  try {
    const [shopRow, customer, order] = await Promise.all([
      db.shop.findUnique({ where: { domain: shop }, select: { name: true, email: true } }),
      db.customer.findUnique({ where: { shop_id: { shop, id: run.customerId } }, select: { firstName: true, lastName: true, email: true } }),
      db.order.findUnique({ where: { shop_id: { shop, id: run.orderId } }, select: { name: true } }),
    ]);
    const shopUrl = `https://${shop}`;
    let discount: { code: string; percent: number; endsAt: Date; url: string } | null = null;
    let codeProblem: string | null = null;
    if (includeOffer && step.discount && earlier?.discountCode) {
      const endsAt = new Date(firstAttempt.getTime() + step.discount.validDays * 86_400_000);
      discount = { code: earlier.discountCode, percent: step.discount.percent, endsAt, url: `${shopUrl}/discount/${encodeURIComponent(earlier.discountCode)}` };
    } else if (includeOffer && step.discount) {
      const endsAt = new Date(now.getTime() + step.discount.validDays * 86_400_000);
      const created = await effects.createCode({
        title: `Encore: ${flow.name} (${step.name})`,
        prefix: step.discount.prefix,
        customerId: run.customerId,
        value: { kind: "percentage", percent: step.discount.percent },
        endsAt,
      });
      if (created.ok) discount = { code: created.code, percent: step.discount.percent, endsAt, url: `${shopUrl}/discount/${encodeURIComponent(created.code)}` };
      else codeProblem = `Sent without a code: ${created.message}`;
    }
    const products = step.recommendations > 0 ? await effects.recommendations(run.orderId, step.recommendations) : [];
    const replenishment = flow.trigger === "predicted_replenishment" ? await replenishmentData(db, shop, run, shopUrl, discount?.code ?? null) : null;
    const unsubscribeUrl = `${effects.appUrl}/email/unsubscribe?token=${unsubscribeToken({ shop, customerId: run.customerId, flowId: flow.id, stepIndex }, effects.secret)}`;
    // Storefront links go through the click redirect, keyed by this log row (decision 020).
    const links = earlier ? { appUrl: effects.appUrl, messageId: earlier.id, shop, secret: effects.secret } : null;
    const rendered = await renderEmail(step, {
      customer,
      shop: { name: shopRow?.name ?? null, url: shopUrl },
      order,
      products,
      discount,
      replenishment,
      unsubscribeUrl,
      feedbackLinks: links ? feedbackLinks(links) : [],
    });
    const email = links ? trackEmail(rendered, links) : rendered;
    if (discount) await db.flowStepRun.update({ where, data: { discountCode: discount.code } });
    let messageId: string;
    try {
      ({ messageId } = await effects.sendEmail({
        fromName: shopRow?.name ?? shop,
        replyTo: shopRow?.email ?? null,
        to: facts.email!,
        subject: email.subject,
        html: email.html,
        text: email.text,
        unsubscribeUrl,
      }));
    } catch (error) {
      if (!effects.notAccepted?.(error)) throw error;
      // Certainly not delivered: try again later, with a growing wait; the admin sees why meanwhile.
      const retryAt = new Date(now.getTime() + retryWaitMs(firstAttempt, now, retryAfterMs));
      const why = error instanceof Error ? error.message : String(error);
      const reason = `The email server did not accept it (${why.slice(0, 300)}); next attempt at ${retryAt.toISOString().slice(11, 19)} UTC`;
      await db.flowStepRun.update({ where, data: { outcome: "retrying", reason } });
      console.warn(`Encore: flow email for run ${run.id} not accepted by the mail server; retrying at ${retryAt.toISOString()}`);
      return retryAt;
    }
    await db.flowStepRun.update({ where, data: { outcome: "sent", subject: email.subject, messageId, reason: codeProblem, sentAt: now } });
    return true;
  } catch (error) {
    // At most once: a send that may have reached the server is logged, not retried (a retry
    // could duplicate a half-sent mail).
    const message = error instanceof Error ? error.message : String(error);
    await db.flowStepRun.update({ where, data: { outcome: "failed", reason: message.slice(0, 500) } });
    return false;
  }
}

/** The ledger's source key of a points step: one per run and step, so a retried step never awards twice. */
export function flowPointsSourceKey(runId: string, stepIndex: number): string {
  return `flow:${runId}:${stepIndex}`;
}

/**
 * A step that acts without an email (bonus points, a customer tag). Unlike an email these are
 * idempotent (the ledger's unique source key, Shopify's tag sets), so a step interrupted after its
 * log row was written is simply done again; a step already finished elsewhere is left alone (null).
 * The log row is "sent" with what was done as its subject, and no sentAt (not a message, so no
 * conversions are attributed to it).
 */
async function executeActionStep(
  db: Database,
  shop: string,
  run: RunRow,
  flow: StoredFlow,
  stepIndex: number,
  step: FlowStep,
  facts: CustomerFacts,
  effects: StepEffects,
  now: Date,
): Promise<boolean | null> {
  const where = { runId_stepIndex: { runId: run.id, stepIndex } };
  if (!(await recordStep(db, shop, run, stepIndex, { outcome: "sending", email: facts.email }))) {
    const row = await db.flowStepRun.findUnique({ where, select: { outcome: true } });
    if (row && row.outcome !== "sending" && row.outcome !== "retrying") return null;
  }
  try {
    let summary: string;
    if (step.action === "award_points") {
      const program = await loyaltyProgram(db, shop);
      if (!program.enabled) {
        await db.flowStepRun.update({ where, data: { outcome: "skipped", reason: "The loyalty program is off" } });
        return false;
      }
      const result = await adjustPoints(db, shop, run.customerId, step.points!, flowPointsSourceKey(run.id, stepIndex), `Flow "${flow.name}": ${step.name}`);
      if (!result.ok && result.error !== "already-recorded") throw new Error(result.message);
      summary = `Awarded ${step.points} points`;
    } else {
      if (!effects.tagCustomer) throw new Error("Tagging customers is not available");
      const mode = step.action === "add_tag" ? "add" : "remove";
      await effects.tagCustomer(run.customerId, step.tag!, mode);
      summary = `${mode === "add" ? "Added" : "Removed"} the tag ${step.tag}`;
    }
    await db.flowStepRun.update({ where, data: { outcome: "sent", subject: summary, reason: null } });
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.flowStepRun.update({ where, data: { outcome: "failed", reason: message.slice(0, 500) } });
    console.warn(`Encore: flow step ${stepIndex} of run ${run.id} failed at ${now.toISOString()}: ${message}`);
    return false;
  }
}

/**
 * The product a replenishment run reminds of (from its trigger key) as the customer last bought it,
 * with a cart permalink (/cart/<variant>:<quantity>, Shopify's; storefront=true lands in the
 * cart rather than checkout) that carries the code. The run's trigger time is the run-out date.
 */
async function replenishmentData(db: Database, shop: string, run: RunRow, shopUrl: string, code: string | null) {
  const trigger = parseReplenishmentTriggerKey(run.triggerKey);
  if (!trigger) return null;
  const [line, product] = await Promise.all([
    db.orderLine.findFirst({ where: { shop, orderId: trigger.orderId, productId: trigger.productId }, select: { title: true, variantId: true, quantity: true } }),
    db.product.findUnique({ where: { shop_id: { shop, id: trigger.productId } }, select: { title: true, handle: true, deletedAt: true } }),
  ]);
  const quantity = Math.max(1, line?.quantity ?? 1);
  const query = new URLSearchParams({ storefront: "true" });
  if (code) query.set("discount", code);
  return {
    productTitle: product?.title ?? line?.title ?? null,
    productUrl: product && !product.deletedAt ? `${shopUrl}/products/${product.handle}` : null,
    quantity,
    cartUrl: line?.variantId && !product?.deletedAt ? `${shopUrl}/cart/${line.variantId}:${quantity}?${query}` : null,
    runsOutOn: run.enteredAt,
  };
}

async function customerFacts(db: Database, shop: string, run: RunRow, flow: StoredFlow, effects: StepEffects, now: Date): Promise<CustomerFacts> {
  const [customer, unsubscribed, laterOrder] = await Promise.all([
    db.customer.findUnique({ where: { shop_id: { shop, id: run.customerId } }, select: { email: true, emailMarketingState: true, redactedAt: true } }),
    db.emailUnsubscribe.findUnique({ where: { shop_customerId: { shop, customerId: run.customerId } }, select: { createdAt: true } }),
    db.order.findFirst({
      where: { shop, customerId: run.customerId, id: { not: run.orderId }, cancelledAt: null, processedAt: { gt: run.enteredAt } },
      select: { id: true },
    }),
  ]);
  let state = customer?.emailMarketingState ?? null;
  const step = flow.steps[run.stepIndex];
  const figures = needsCustomerFigures(step) ? await customerFigures(db, shop, run.customerId) : {};
  // A step the customer's figures already rule out needs no call to Shopify (a lapse scan can
  // enrol hundreds of customers at once, most of them outside the step's tier).
  const { marketingConsent: _consent, ...otherConditions } = step?.conditions ?? {};
  const ruledOut = !!step && unmetCondition(otherConditions, { email: null, marketingConsent: false, unsubscribed: false, orderedSinceEntry: false, ...figures }) !== null;
  // Consent is read from Shopify when a step is about to run (webhook payloads no longer carry it).
  if (step && !ruledOut && now >= stepDueAt(run, step) && customer && !customer.redactedAt) {
    const live = await effects.marketingState(run.customerId);
    if (live !== null && live !== state) {
      state = live;
      await db.customer.updateMany({ where: { shop, id: run.customerId }, data: { emailMarketingState: live } });
    }
  }
  return {
    email: customer?.redactedAt ? null : (customer?.email ?? null),
    marketingConsent: state?.toUpperCase() === "SUBSCRIBED",
    unsubscribed: unsubscribed !== null,
    orderedSinceEntry: laterOrder !== null,
    ...figures,
  };
}

/** What step conditions look at: the customer's orders (not cancelled), spend, products and loyalty tier. */
async function customerFigures(db: Database, shop: string, customerId: string) {
  const [orders, tier, lines] = await Promise.all([
    db.order.aggregate({ where: { shop, customerId, cancelledAt: null }, _count: { _all: true }, _sum: { totalCents: true } }),
    db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { tierName: true } }),
    db.orderLine.findMany({ where: { shop, order: { customerId, cancelledAt: null }, productId: { not: null } }, distinct: ["productId"], select: { productId: true } }),
  ]);
  return {
    orderCount: orders._count._all,
    totalSpendCents: orders._sum.totalCents ?? 0,
    tierName: tier?.tierName ?? null,
    boughtProductIds: lines.flatMap((line) => (line.productId ? [line.productId] : [])),
  };
}

/** Writes the step's log row; false when it already exists (the step ran, or is running, elsewhere). */
async function recordStep(
  db: Database,
  shop: string,
  run: RunRow,
  stepIndex: number,
  data: { outcome: string; reason?: string; email?: string | null },
): Promise<boolean> {
  try {
    await db.flowStepRun.create({ data: { shop, runId: run.id, flowId: run.flowId, stepIndex, customerId: run.customerId, ...data } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Moves a step the mail server refused earlier ("retrying") on; false when no such row (or another process took it). */
async function settleRetry(db: Database, run: RunRow, stepIndex: number, data: { outcome: string; reason: string | null; email?: string | null }): Promise<boolean> {
  const { count } = await db.flowStepRun.updateMany({ where: { runId: run.id, stepIndex, outcome: "retrying" }, data });
  return count === 1;
}

async function moveOn(db: Database, shop: string, run: RunRow, flow: StoredFlow, worker: string) {
  const position = { stepIndex: run.stepIndex + 1, enteredAt: run.enteredAt };
  const next = nextRunAt(position, flow);
  await db.flowRun.updateMany({
    where: { id: run.id, shop, claimedBy: worker },
    data: { stepIndex: position.stepIndex, nextRunAt: next, status: next ? "active" : "completed", claimedBy: null, claimedUntil: null },
  });
}

async function finish(db: Database, shop: string, runId: string, worker: string, data: { status: string; exitReason?: string }) {
  await db.flowRun.updateMany({ where: { id: runId, shop, claimedBy: worker }, data: { ...data, nextRunAt: null, claimedBy: null, claimedUntil: null } });
}
