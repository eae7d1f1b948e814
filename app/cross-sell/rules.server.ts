import type { Database } from "../db.server";
import type { CrossSellRule as RuleRow } from "../db/generated/sqlite/client";
import type { CategoryKind, Criterion, CrossSellRule } from "./rules";
import { fieldErrors, ruleInputSchema, type RuleInput } from "./rules-input";
import { invalidateCrossSellConfig } from "./settings.server";

/** A stored rule as the pipeline's rule (a damaged row is skipped, never fatal on the storefront). */
export function ruleFromRow(row: RuleRow): CrossSellRule | null {
  try {
    const targetIds = JSON.parse(row.targetIds) as string[];
    switch (row.kind) {
      case "pin":
        return row.productId ? { id: row.id, kind: "pin", productId: row.productId, complementIds: targetIds } : null;
      case "exclude":
        return row.productId ? { id: row.id, kind: "exclude", productId: row.productId } : null;
      case "exclude-pair":
        return row.productId && targetIds[0] ? { id: row.id, kind: "exclude-pair", productId: row.productId, otherProductId: targetIds[0] } : null;
      case "category":
        return row.matchKind && row.matchValue
          ? { id: row.id, kind: "category", match: { kind: row.matchKind as CategoryKind, value: row.matchValue }, targets: JSON.parse(row.targets) as Criterion[] }
          : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

export async function loadRules(db: Database, shop: string): Promise<CrossSellRule[]> {
  const rows = await db.crossSellRule.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(ruleFromRow).filter((rule): rule is CrossSellRule => rule !== null);
}

export type SaveRuleResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

/**
 * Creates or updates one rule from the form's fields. Products and collections must be the
 * shop's own; anything wrong comes back as field errors and nothing is written. The checks and
 * the write share one transaction.
 */
export async function saveRule(db: Database, shop: string, form: Record<string, unknown>): Promise<SaveRuleResult> {
  const parsed = ruleInputSchema.safeParse(form);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const input = parsed.data;
  const result = await db.$transaction(async (tx): Promise<SaveRuleResult> => {
    const errors = await checkReferences(tx as unknown as Database, shop, input);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    if (input.id) {
      const existing = await tx.crossSellRule.findFirst({ where: { shop, id: input.id }, select: { id: true } });
      if (!existing) return { ok: false, errors: { form: "That rule no longer exists" } };
    }
    const data = rowOf(input);
    const saved = input.id
      ? await tx.crossSellRule.update({ where: { id: input.id }, data })
      : await tx.crossSellRule.create({ data: { shop, ...data } });
    return { ok: true, id: saved.id };
  });
  if (result.ok) invalidateCrossSellConfig(shop);
  return result;
}

export async function deleteRule(db: Database, shop: string, id: string): Promise<boolean> {
  const { count } = await db.crossSellRule.deleteMany({ where: { shop, id } });
  invalidateCrossSellConfig(shop);
  return count > 0;
}

function rowOf(input: RuleInput) {
  const empty = { productId: null, targetIds: "[]", matchKind: null, matchValue: null, targets: "[]" };
  switch (input.kind) {
    case "pin":
      return { ...empty, kind: input.kind, productId: input.productId, targetIds: JSON.stringify(input.complementIds) };
    case "exclude":
      return { ...empty, kind: input.kind, productId: input.productId };
    case "exclude-pair":
      return { ...empty, kind: input.kind, productId: input.productId, targetIds: JSON.stringify([input.otherProductId]) };
    case "category":
      return { ...empty, kind: input.kind, matchKind: input.matchKind, matchValue: input.matchValue, targets: JSON.stringify(input.targets) };
  }
}

async function checkReferences(db: Database, shop: string, input: RuleInput): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const products = [
    ...("productId" in input ? [["productId", input.productId] as const] : []),
    ...(input.kind === "exclude-pair" ? [["otherProductId", input.otherProductId] as const] : []),
    ...(input.kind === "pin" ? input.complementIds.map((id) => ["complementIds", id] as const) : []),
  ];
  if (products.length > 0) {
    const found = await db.product.findMany({
      where: { shop, id: { in: products.map(([, id]) => id) }, deletedAt: null },
      select: { id: true },
    });
    const known = new Set(found.map((p) => p.id));
    for (const [field, id] of products) if (!known.has(id)) errors[field] ??= `Product ${id} is not in your shop`;
  }
  if (input.kind === "pin" && input.complementIds.includes(input.productId)) errors.complementIds ??= "A product cannot be its own complement";
  if (input.kind === "exclude-pair" && input.productId === input.otherProductId) errors.otherProductId ??= "Choose two different products";
  if (input.kind === "category") {
    const collections = [
      ...(input.matchKind === "collection" ? [["matchValue", input.matchValue] as const] : []),
      ...input.targets.filter((t) => t.kind === "collection").map((t) => ["targets", t.value] as const),
    ];
    if (collections.length > 0) {
      const found = await db.shopCollection.findMany({ where: { shop, id: { in: collections.map(([, id]) => id) } }, select: { id: true } });
      const known = new Set(found.map((c) => c.id));
      for (const [field, id] of collections) if (!known.has(id)) errors[field] ??= `Collection ${id} is not in your shop (refresh collections?)`;
    }
  }
  return errors;
}
