import type { Database } from "../db.server";
import { fieldErrors } from "./program";
import { loadProgramForm, shopCurrency } from "./program.server";
import { planTierMove, tierFigure, tierFormSchema, windowStart, type Tier, type TierMove, type TierRules } from "./tiers";
import { forgetLoyaltyPanelShop } from "./panel-cache.server";

/**
 * VIP tiers' storage: the shop's tiers, each customer's current tier (LoyaltyMemberTier) and the
 * history of moves with their reasons (LoyaltyTierChange). Evaluation runs after an order or refund
 * changed a customer's figures, after a manual adjustment, and daily (rolling windows move people
 * down with time alone).
 */

export async function listTiers(db: Database, shop: string): Promise<Tier[]> {
  return db.loyaltyTier.findMany({
    where: { shop },
    orderBy: [{ threshold: "asc" }, { name: "asc" }],
    select: { id: true, name: true, threshold: true, multiplierPercent: true, discountPercent: true },
  });
}

export async function tierRules(db: Database, shop: string): Promise<TierRules> {
  const [program, currencyCode] = await Promise.all([loadProgramForm(db, shop), shopCurrency(db, shop)]);
  return { basis: program.tierBasis, window: program.tierWindow, currencyCode };
}

export type SaveTierResult = { ok: true; tier: Tier } | { ok: false; status: 400 | 404; errors: Record<string, string> };

/** Creates or updates one tier from the posted form (nothing written on bad input). */
export async function saveTier(db: Database, shop: string, form: Record<string, unknown>): Promise<SaveTierResult> {
  const rules = await tierRules(db, shop);
  const parsed = tierFormSchema(rules).safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };
  const { id, ...values } = parsed.data;
  const clash = await db.loyaltyTier.findFirst({ where: { shop, name: values.name, ...(id ? { id: { not: id } } : {}) }, select: { id: true } });
  if (clash) return { ok: false, status: 400, errors: { name: `There is already a tier named ${values.name}` } };
  if (!id) {
    const tier = await db.loyaltyTier.create({ data: { shop, ...values } });
    forgetLoyaltyPanelShop(shop);
    return { ok: true, tier };
  }
  const saved = await db.$transaction(async (tx): Promise<SaveTierResult> => {
    const updated = await tx.loyaltyTier.updateMany({ where: { shop, id }, data: values });
    if (updated.count === 0) return { ok: false, status: 404, errors: { form: "That tier no longer exists." } };
    // Members show the tier's name: a rename follows.
    await tx.loyaltyMemberTier.updateMany({ where: { shop, tierId: id }, data: { tierName: values.name } });
    return { ok: true, tier: { id, ...values } };
  });
  forgetLoyaltyPanelShop(shop);
  return saved;
}

/** Deletes a tier; its members move at the next evaluation (the caller enqueues it). */
export async function deleteTier(db: Database, shop: string, id: string): Promise<boolean> {
  const deleted = (await db.loyaltyTier.deleteMany({ where: { shop, id } })).count > 0;
  forgetLoyaltyPanelShop(shop);
  return deleted;
}

/** What the customer's figure is made of, read from the ledger and the stored orders. */
export async function figureOf(db: Database, shop: string, customerId: string, rules: TierRules, now: Date): Promise<number> {
  const since = windowStart(rules.window, now);
  if (rules.basis === "spent") {
    const orders = await db.order.findMany({
      where: { shop, customerId, ...(since ? { processedAt: { gte: since } } : {}) },
      select: { processedAt: true, totalCents: true, cancelledAt: true, refunds: { select: { amountCents: true } } },
    });
    return tierFigure(rules, now, {
      entries: [],
      orders: orders.map((o) => ({ processedAt: o.processedAt, cancelled: o.cancelledAt !== null, netCents: o.totalCents - o.refunds.reduce((s, r) => s + r.amountCents, 0) })),
    });
  }
  const entries = await db.loyaltyEntry.findMany({
    where: { shop, customerId, kind: { in: ["earn", "adjust", "clawback", "cancel"] }, ...(since ? { createdAt: { gte: since } } : {}) },
    select: { kind: true, points: true, pendingPoints: true, shortfall: true, createdAt: true },
  });
  return tierFigure(rules, now, { entries, orders: [] });
}

/**
 * Re-evaluates one customer's tier and records a move (with its reason) if their figure calls for
 * one. Safe to repeat and to race: the move is a conditional update on the tier the evaluation
 * started from, so two evaluations cannot both record it.
 */
export async function evaluateCustomerTier(
  db: Database,
  shop: string,
  customerId: string,
  trigger: string,
  now = new Date(),
  context?: { tiers: Tier[]; rules: TierRules },
): Promise<TierMove | null> {
  const tiers = context?.tiers ?? (await listTiers(db, shop));
  const current = await db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId } } });
  if (tiers.length === 0 && !current?.tierId) return null;
  const rules = context?.rules ?? (await tierRules(db, shop));
  const figure = await figureOf(db, shop, customerId, rules, now);
  const move = planTierMove({ current, tiers, figure, rules, trigger });
  if (!move) {
    if (current && current.figure !== figure) await db.loyaltyMemberTier.updateMany({ where: { shop, customerId }, data: { figure, evaluatedAt: now } });
    return null;
  }
  const data = { tierId: move.to?.id ?? null, tierName: move.to?.name ?? null, figure, evaluatedAt: now, syncedAt: null };
  const recorded = await db
    .$transaction(async (tx) => {
    if (current) {
      const moved = await tx.loyaltyMemberTier.updateMany({ where: { shop, customerId, tierId: current.tierId }, data });
      if (moved.count === 0) return false;
    } else {
      const created = await tx.loyaltyMemberTier.createMany({ data: [{ shop, customerId, ...data }] });
      if (created.count === 0) return false;
    }
    await tx.loyaltyTierChange.create({ data: { shop, customerId, fromTier: move.from.name, toTier: move.to?.name ?? null, figure, reason: move.reason, createdAt: now } });
    return true;
  })
    // Another evaluation created the customer's row first: it recorded the move.
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return false;
      throw error;
    });
  return recorded ? move : null;
}

/** After an order or refund changed: its customer's tier follows. */
export async function evaluateOrderCustomerTier(db: Database, shop: string, orderId: string, now = new Date()): Promise<TierMove | null> {
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { customerId: true, name: true } });
  if (!order?.customerId) return null;
  return evaluateCustomerTier(db, shop, order.customerId, `Order ${order.name} changed`, now);
}

/**
 * Every member's tier (daily, and after the tiers are edited): members are customers with a
 * balance or a tier. Returns how many moved.
 */
export async function evaluateShopTiers(db: Database, shop: string, trigger = "Daily review", now = new Date()): Promise<number> {
  const tiers = await listTiers(db, shop);
  const rules = await tierRules(db, shop);
  const [balances, tiered] = await Promise.all([
    tiers.length > 0 ? db.loyaltyBalance.findMany({ where: { shop }, select: { customerId: true } }) : Promise.resolve([]),
    db.loyaltyMemberTier.findMany({ where: { shop, tierId: { not: null } }, select: { customerId: true } }),
  ]);
  let moved = 0;
  for (const customerId of new Set([...balances, ...tiered].map((row) => row.customerId))) {
    if (await evaluateCustomerTier(db, shop, customerId, trigger, now, { tiers, rules })) moved++;
  }
  return moved;
}
