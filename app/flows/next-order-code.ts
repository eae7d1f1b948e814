import { z } from "zod";
import type { SingleUseCodeInput } from "../shopify/discount-codes.server";

/**
 * The thank-you block's next-order code (decision 017), as pure functions: the merchant's
 * settings and what code one order gets. next-order-code.server.ts stores and creates it.
 */

export interface ThankYouSettings {
  /** Offer a personal next-order code on the thank-you page. */
  codeEnabled: boolean;
  percent: number;
  validDays: number;
}

export const DEFAULT_THANK_YOU_SETTINGS: ThankYouSettings = { codeEnabled: true, percent: 10, validDays: 30 };

const PERCENT_MESSAGE = "The discount must be a whole percentage from 1 to 90.";
const DAYS_MESSAGE = "The code must be valid for 1 to 365 days.";

/** The settings card's form (strings from a browser form; a checkbox is absent when off). */
export const thankYouSettingsFormSchema = z.object({
  codeEnabled: z.enum(["on", "true", "false"]).optional().transform((value) => value === "on" || value === "true"),
  percent: z.coerce.number({ invalid_type_error: PERCENT_MESSAGE }).int(PERCENT_MESSAGE).min(1, PERCENT_MESSAGE).max(90, PERCENT_MESSAGE),
  validDays: z.coerce.number({ invalid_type_error: DAYS_MESSAGE }).int(DAYS_MESSAGE).min(1, DAYS_MESSAGE).max(365, DAYS_MESSAGE),
});

export type ThankYouSettingsResult = { ok: true; settings: ThankYouSettings } | { ok: false; errors: Record<string, string> };

export function parseThankYouSettingsForm(form: Record<string, unknown>): ThankYouSettingsResult {
  const parsed = thankYouSettingsFormSchema.safeParse(form);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, errors };
}

const DAY_MS = 86_400_000;

/**
 * The code one order gets: single use, for the order's customer when the order has one (a code
 * read off someone else's thank-you page is then useless), ending validDays from now.
 */
export function nextOrderCodeInput(settings: ThankYouSettings, order: { orderName: string; customerId: string | null }, now: Date): SingleUseCodeInput {
  return {
    title: `Encore thank-you code for order ${order.orderName}`,
    prefix: "THANKS-",
    customerId: order.customerId,
    value: { kind: "percentage", percent: settings.percent },
    endsAt: new Date(now.getTime() + settings.validDays * DAY_MS),
    startsAt: now,
  };
}

/** A numeric Shopify id from a gid or a plain number ("gid://shopify/Order/12" -> "12"); null if neither. */
export function numericShopifyId(value: string, type: "Order" | "Customer" | "Product"): string | null {
  const match = new RegExp(`^(?:gid://shopify/${type}/)?(\\d{1,20})$`).exec(value.trim());
  return match ? match[1] : null;
}
