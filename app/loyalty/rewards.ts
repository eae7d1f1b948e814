import { z } from "zod";
import { fromMinorUnits, toMinorUnits } from "../money/money";
import type { CodeValue } from "../shopify/discount-codes.server";

/**
 * The rewards catalog as pure functions: what a reward is, how the merchant's form becomes one
 * (with an error per field), and what discount code a redemption of it asks Shopify for.
 */

export const REWARD_KINDS = ["fixed_amount", "percentage", "free_shipping", "free_product"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface Reward {
  id: string;
  name: string;
  pointsCost: number;
  kind: RewardKind;
  /** fixed_amount: minor units off; percentage: percent off; otherwise null. */
  value: number | null;
  productVariantId: string | null;
  minimumSubtotalCents: number | null;
  codeValidDays: number | null;
  enabled: boolean;
}

export type RewardInput = Omit<Reward, "id" | "enabled">;


export const MAX_POINTS_COST = 10_000_000;
const MAX_VALID_DAYS = 3650;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ required_error: `Enter ${label}.`, invalid_type_error: `${label[0].toUpperCase()}${label.slice(1)} must be a number.` })
      .int(`${label[0].toUpperCase()}${label.slice(1)} must be a whole number.`)
      .min(min, `${label[0].toUpperCase()}${label.slice(1)} must be at least ${min}.`)
      .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be at most ${max.toLocaleString("en-US")}.`),
  );
const moneyText = z.preprocess(blankToUndefined, z.string().trim().regex(/^\d+(\.\d{1,2})?$/, "Enter an amount like 5 or 5.50.").optional());

const formSchema = z.object({
  name: z.string({ required_error: "Enter a name." }).trim().min(1, "Enter a name.").max(80, "Keep the name under 80 characters."),
  pointsCost: wholeNumber("the points cost", 1, MAX_POINTS_COST),
  kind: z.enum(REWARD_KINDS, { errorMap: () => ({ message: "Choose what the reward gives." }) }),
  amount: moneyText,
  percent: z.preprocess(blankToUndefined, z.unknown()),
  productVariantId: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d+$/, "Enter the variant's numeric id.").optional()),
  minimumSubtotal: moneyText,
  codeValidDays: z.preprocess(blankToUndefined, z.unknown()),
});

export type RewardFormResult = { ok: true; reward: RewardInput } | { ok: false; errors: Record<string, string> };

/**
 * The merchant's form (strings, money in currency units) as a reward, or an error per field.
 * Fields a kind does not use are dropped, so switching kind never keeps a stale value.
 */
export function parseRewardForm(form: Record<string, unknown>, currencyCode: string): RewardFormResult {
  // Each field on its own, so the merchant sees every problem at once.
  const errors: Record<string, string> = {};
  const fields: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(formSchema.shape)) {
    const result = (schema as z.ZodTypeAny).safeParse(form[name]);
    if (result.success) fields[name] = result.data;
    else errors[name] = result.error.issues[0].message;
  }
  const data = fields as z.infer<typeof formSchema>;
  let value: number | null = null;
  let productVariantId: string | null = null;
  if (data.kind === "fixed_amount" && !errors.amount) {
    const cents = data.amount === undefined ? 0 : toMinorUnits(data.amount, currencyCode);
    if (cents <= 0) errors.amount = "Enter the amount off, more than zero.";
    value = cents;
  } else if (data.kind === "percentage") {
    const percent = wholeNumber("the percentage", 1, 100).safeParse(data.percent);
    if (!percent.success) errors.percent = percent.error.issues[0].message;
    else value = percent.data;
  } else if (data.kind === "free_product" && !errors.productVariantId) {
    if (!data.productVariantId) errors.productVariantId = "Enter the variant's numeric id.";
    productVariantId = data.productVariantId ?? null;
  }
  let codeValidDays: number | null = null;
  if (data.codeValidDays !== undefined) {
    const days = wholeNumber("the days", 1, MAX_VALID_DAYS).safeParse(data.codeValidDays);
    if (!days.success) errors.codeValidDays = days.error.issues[0].message;
    else codeValidDays = days.data;
  }
  const minimum = data.minimumSubtotal === undefined || errors.minimumSubtotal ? null : toMinorUnits(data.minimumSubtotal, currencyCode);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    reward: {
      name: data.name,
      pointsCost: data.pointsCost,
      kind: data.kind,
      value,
      productVariantId,
      minimumSubtotalCents: minimum && minimum > 0 ? minimum : null,
      codeValidDays,
    },
  };
}

/** A reward as the merchant's form shows it (money back in currency units). */
export function rewardFormValues(reward: Reward, currencyCode: string): Record<string, string> {
  return {
    name: reward.name,
    pointsCost: String(reward.pointsCost),
    kind: reward.kind,
    amount: reward.kind === "fixed_amount" && reward.value ? fromMinorUnits(reward.value, currencyCode) : "",
    percent: reward.kind === "percentage" && reward.value ? String(reward.value) : "",
    productVariantId: reward.productVariantId ?? "",
    minimumSubtotal: reward.minimumSubtotalCents ? fromMinorUnits(reward.minimumSubtotalCents, currencyCode) : "",
    codeValidDays: reward.codeValidDays ? String(reward.codeValidDays) : "",
  };
}

/** What the reward's code takes off: a free product is 100% off its variant. */
export function rewardCodeValue(reward: Pick<Reward, "kind" | "value">): CodeValue {
  switch (reward.kind) {
    case "fixed_amount":
      return { kind: "amount", amountCents: reward.value ?? 0 };
    case "percentage":
      return { kind: "percentage", percent: reward.value ?? 0 };
    case "free_shipping":
      return { kind: "free_shipping" };
    case "free_product":
      return { kind: "percentage", percent: 100 };
  }
}

/** A short English description for the admin list ("$5.00 off", "10% off"...). */
export function describeReward(reward: Pick<Reward, "kind" | "value" | "productVariantId" | "minimumSubtotalCents">, formatMoney: (cents: number) => string): string {
  const what =
    reward.kind === "fixed_amount"
      ? `${formatMoney(reward.value ?? 0)} off`
      : reward.kind === "percentage"
        ? `${reward.value ?? 0}% off`
        : reward.kind === "free_shipping"
          ? "Free shipping"
          : `Free product (variant ${reward.productVariantId ?? "?"})`;
  return reward.minimumSubtotalCents ? `${what} on orders of ${formatMoney(reward.minimumSubtotalCents)} or more` : what;
}

/** The rewards a customer sees: enabled ones, cheapest first, each saying whether they can afford it. */
export function rewardsForCustomer<R extends Pick<Reward, "pointsCost" | "enabled" | "name">>(rewards: R[], available: number | null): (R & { affordable: boolean })[] {
  return rewards
    .filter((reward) => reward.enabled)
    .sort((a, b) => a.pointsCost - b.pointsCost || a.name.localeCompare(b.name))
    .map((reward) => ({ ...reward, affordable: available !== null && available >= reward.pointsCost }));
}
