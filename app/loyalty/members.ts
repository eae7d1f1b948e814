import { z } from "zod";

/**
 * The members pages' inputs (pure): the list's search and page, and the manual adjustment form.
 */

export const MEMBERS_PER_PAGE = 25;

export const memberListQuerySchema = z.object({
  search: z.string().trim().max(100, "Search text is limited to 100 characters").default(""),
  page: z.coerce.number({ invalid_type_error: "The page must be a number" }).int("The page must be a whole number").min(1, "Pages start at 1").max(100_000).default(1),
});

export const MAX_ADJUSTMENT = 1_000_000;

/**
 * A manual adjustment. `submissionId` is minted when the form is rendered, so submitting the same
 * form twice (a double click, a retried request) records one adjustment.
 */
export const adjustmentFormSchema = z.object({
  points: z.coerce
    .number({ invalid_type_error: "Points must be a number" })
    .int("Points must be a whole number")
    .min(-MAX_ADJUSTMENT, `At most ${MAX_ADJUSTMENT.toLocaleString("en-US")} points at a time`)
    .max(MAX_ADJUSTMENT, `At most ${MAX_ADJUSTMENT.toLocaleString("en-US")} points at a time`)
    .refine((points) => points !== 0, "Enter the points to add (positive) or take (negative)"),
  reason: z
    .string({ required_error: "Say why the points are adjusted" })
    .trim()
    .min(3, "Say why the points are adjusted (at least 3 characters)")
    .max(200, "The reason is limited to 200 characters"),
  submissionId: z.string({ required_error: "The form is missing its submission id: reload the page" }).uuid("The form's submission id is not valid: reload the page"),
});

export type AdjustmentForm = z.infer<typeof adjustmentFormSchema>;

/** The adjustment's ledger source key: one per customer and form submission. */
export const adjustmentSourceId = (customerId: string, submissionId: string) => `${customerId}:${submissionId}`;

/** A customer's display name: their name, else their email, else their id. */
export function memberName(customer: { id: string; firstName: string | null; lastName: string | null; email: string | null } | null, customerId: string): string {
  const name = [customer?.firstName, customer?.lastName].filter(Boolean).join(" ");
  return name || customer?.email || `Customer ${customerId}`;
}

/** The customer tag of a tier ("Gold" -> "loyalty-tier-gold"), for Shopify segments and flows. */
export function tierTag(tierName: string): string {
  const slug = tierName.toLowerCase().trim().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  return `loyalty-tier-${slug || "tier"}`;
}
